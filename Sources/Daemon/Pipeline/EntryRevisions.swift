import Analysis
import Store
import WirewatchCore

/// A fetched document's entries sorted by what the store remembers of them: new entries and edits
/// to judge, and content hashes to write without judging. Pure: the document, the store's memory
/// and the hash function in, the decision out.
///
/// An edit is judged again at most `maxEdits` times per entry; later edits only update the hash and
/// are counted, so a feed that changes every entry on every poll (a timestamp in the description, a
/// rotating advert) costs at most `maxEdits` analyses per entry and shows in `wirewatch feeds`.
struct EntryRevisions: Sendable {
    struct Judgement: Sendable {
        var article: Article
        /// nil for a new entry: its hash is read out of its analysis (`ContentHash.of(_: ArticleAnalysis)`),
        /// so its text is cleaned once.
        var contentHash: String?
        /// nil for a new entry; for an edit, which edit of the entry (1, 2, …).
        var edit: Int?
    }

    /// New entries in document order, then the edits.
    private(set) var judged: [Judgement] = []
    private(set) var newEntries = 0
    private(set) var rehashed: [EntryRehash] = []
    var edits: Int { judged.count - newEntries }
    var editsNotJudged: Int { rehashed.filter(\.edited).count }

    /// `hash` is `ContentHash.of`, asked only of the entries seen before. An entry listed twice counts
    /// once, as first listed.
    init(articles: [Article], seen: [String: SeenEntry], maxEdits: Int, hash: (Article) -> String) {
        var listed: Set<String> = []
        var edited: [Judgement] = []
        for article in articles where listed.insert(article.key).inserted {
            guard let entry = seen[article.key] else {
                judged.append(Judgement(article: article, contentHash: nil))
                continue
            }
            let current = hash(article)
            // Seen before hashes were kept (or made another way): its content now is what was judged.
            guard let stored = entry.contentHash, ContentHash.isCurrent(stored) else {
                rehashed.append(EntryRehash(key: article.key, contentHash: current, edited: false))
                continue
            }
            guard stored != current else { continue }
            if entry.edits < maxEdits {
                edited.append(Judgement(article: article, contentHash: current, edit: entry.edits + 1))
            } else {
                rehashed.append(EntryRehash(key: article.key, contentHash: current, edited: true))
            }
        }
        newEntries = judged.count
        judged += edited
    }
}
