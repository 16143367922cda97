import Analysis
import Store
import WirewatchCore

/// A fetched document's entries sorted by what the store remembers of them: new entries and edits
/// to judge, and content hashes to write without judging. Pure: the document, the hashes and the
/// store's memory in, the decision out.
///
/// An edit is judged again at most `maxEdits` times per entry; later edits only update the hash and
/// are counted, so a feed that changes every entry on every poll (a timestamp in the description, a
/// rotating advert) costs at most `maxEdits` analyses per entry and shows in `wirewatch feeds`.
struct EntryRevisions: Sendable {
    struct Judgement: Sendable {
        var article: Article
        var contentHash: String
        /// nil for a new entry; for an edit, which edit of the entry (1, 2, …).
        var edit: Int?
    }

    /// New entries in document order, then the edits.
    private(set) var judged: [Judgement] = []
    private(set) var newEntries = 0
    private(set) var rehashed: [EntryRehash] = []
    var edits: Int { judged.count - newEntries }
    var editsNotJudged: Int { rehashed.filter(\.edited).count }

    /// `hashes[i]` is `ContentHash.of(articles[i])`. An entry listed twice counts once, as first listed.
    init(articles: [Article], hashes: [String], seen: [String: SeenEntry], maxEdits: Int) {
        var listed: Set<String> = []
        var edited: [Judgement] = []
        for (article, hash) in zip(articles, hashes) where listed.insert(article.key).inserted {
            guard let entry = seen[article.key] else {
                judged.append(Judgement(article: article, contentHash: hash))
                continue
            }
            // Seen before hashes were kept (or made another way): its content now is what was judged.
            guard let stored = entry.contentHash, ContentHash.isCurrent(stored) else {
                rehashed.append(EntryRehash(key: article.key, contentHash: hash, edited: false))
                continue
            }
            guard stored != hash else { continue }
            if entry.edits < maxEdits {
                edited.append(Judgement(article: article, contentHash: hash, edit: entry.edits + 1))
            } else {
                rehashed.append(EntryRehash(key: article.key, contentHash: hash, edited: true))
            }
        }
        newEntries = judged.count
        judged += edited
    }
}
