import Analysis
import Foundation
import Store
import WirewatchCore

/// A fetched document's entries sorted by what the store remembers of them: new entries and edits
/// to judge, and content hashes to write without judging. Pure: the document, the store's memory
/// and the hash functions in, the decision out.
///
/// An entry listed again as the feed sent it before (same raw hash) is not cleaned: its clean text is
/// the one its stored content hash was made from. Only an entry whose raw title or body changed is
/// cleaned and hashed, and only a changed clean hash makes an edit.
///
/// An edit is judged again at most `maxEdits` times per entry as it comes; later edits update the hash,
/// are counted, and are judged at most once per `lateEdits`, so a feed that changes every entry on every
/// poll (a timestamp in the description, a rotating advert) costs `maxEdits` analyses per entry and then
/// one per `lateEdits`, and shows in `wirewatch feeds`, while a live page that turns into news late is seen.
///
/// An entry not seen under its key whose raw title and body are those of an entry seen under another
/// key that this document no longer lists is that entry renamed (a CMS or proxy that gives every item
/// a new guid on every poll): it is not judged again, and the old key stays listed.
///
/// An entry stored from the feed's first listing under `backlog: skip` is never judged, edited or not:
/// the backlog is not alerted on later, by an edit any more than by a repeat.
package struct EntryRevisions: Sendable {
    package struct Judgement: Sendable {
        package var article: Article
        /// nil for a new entry: its hash is read out of its analysis (`ContentHash.of(_: ArticleAnalysis)`),
        /// so its text is cleaned once.
        package var contentHash: String?
        /// nil for a new entry; for an edit, which edit of the entry (1, 2, …).
        package var edit: Int?
        /// The hash of the entry as listed (`RawContentHash`), stored beside its content hash.
        package var rawHash: String
    }

    /// New entries in document order, then the edits.
    package private(set) var judged: [Judgement] = []
    package private(set) var newEntries = 0
    package private(set) var rehashed: [EntryRehash] = []
    /// The keys of the seen entries this document lists under new keys (see `renamedFrom` of `init`).
    package private(set) var renamed: [String] = []
    /// When the oldest listed entry left unjudged past `maxEdits` was last judged (`FeedState.unjudgedSince`):
    /// its edit falls due `lateEdits` later. nil when none waits, or `lateEdits` is 0 (none ever falls due).
    package private(set) var unjudgedSince: Date?
    package var edits: Int { judged.count - newEntries }
    package var editsNotJudged: Int { rehashed.filter(\.edited).count }

    /// `rawHash` is `RawContentHash.of`, asked of every entry; `hash` is `ContentHash.of`, asked only of
    /// the entries seen before whose raw hash is not the stored one. An entry listed twice counts once,
    /// as first listed. `renamedFrom`: raw hashes of entries seen lately, each with its key.
    ///
    /// Past `maxEdits`, an entry is judged again once `lateEdits` has passed since it was last judged (0: never):
    /// its newest version, whether it changed in this listing or was stored unjudged by an earlier one.
    package init(articles: [Article], seen: [String: SeenEntry], renamedFrom: [String: String] = [:], maxEdits: Int,
                lateEdits: TimeInterval = 0, now: Date = .distantPast,
                rawHash: (Article) -> String, hash: (Article) -> String) {
        let keys = Set(articles.map(\.key))
        var listed: Set<String> = []
        var edited: [Judgement] = []
        for article in articles where listed.insert(article.key).inserted {
            let raw = rawHash(article)
            guard let entry = seen[article.key] else {
                if let old = renamedFrom[raw], !keys.contains(old) {
                    if listed.insert(old).inserted { renamed.append(old) }
                    continue
                }
                judged.append(Judgement(article: article, contentHash: nil, rawHash: raw))
                continue
            }
            // Stored from a first listing under `backlog: skip`: never judged. A changed one is hashed
            // only so that its raw hash stays the listed one (a rename of it is still found).
            if entry.backlog {
                if entry.rawHash != raw { rehashed.append(EntryRehash(key: article.key, contentHash: hash(article), edited: false, rawHash: raw)) }
                continue
            }
            let stored = entry.contentHash.flatMap { ContentHash.isCurrent($0) ? $0 : nil }
            let lateDue = lateEdits > 0 && entry.edits >= maxEdits
                && now.timeIntervalSince(entry.judgedAt ?? .distantPast) >= lateEdits
            // Left unjudged by this listing: its edit falls due `lateEdits` after its last judgement.
            func waits() {
                guard lateEdits > 0 else { return }
                let since = entry.judgedAt ?? .distantPast
                unjudgedSince = min(unjudgedSince ?? since, since)
            }
            // As sent before: its clean text is the one `stored` was made from (judged now if that was an edit
            // not judged whose time has come, or which a raised `maxEdits` now covers).
            if let stored, entry.rawHash == raw {
                if entry.unjudged {
                    if entry.edits < maxEdits || lateDue {
                        edited.append(Judgement(article: article, contentHash: stored, edit: entry.edits + 1, rawHash: raw))
                    } else {
                        waits()
                    }
                }
                continue
            }
            let current = hash(article)
            // Seen before hashes were kept (or made another way), or changed only in what cleaning drops
            // (or seen before raw hashes were kept): its content now is what was judged; keep its raw hash
            // so the next listing is not cleaned.
            guard let stored, stored != current else {
                rehashed.append(EntryRehash(key: article.key, contentHash: current, edited: false, rawHash: raw))
                // Still the edit stored unjudged (its markup alone changed): judged when next listed as sent.
                if entry.unjudged { waits() }
                continue
            }
            if entry.edits < maxEdits || lateDue {
                edited.append(Judgement(article: article, contentHash: current, edit: entry.edits + 1, rawHash: raw))
            } else {
                rehashed.append(EntryRehash(key: article.key, contentHash: current, edited: true, rawHash: raw))
                waits()
            }
        }
        newEntries = judged.count
        judged += edited
    }
}
