import Foundation

/// What the store remembers of an entry a feed listed before, to tell an edit from a repeat.
public struct SeenEntry: Sendable, Hashable {
    /// The hash of the content it was last judged with (or, past the edit limit, last listed with);
    /// nil for an entry seen before wirewatch kept hashes.
    public var contentHash: String?
    /// How many edits of it were judged again.
    public var edits: Int
    /// The hash of its title and body as last listed, before cleaning (`RawContentHash`), the content
    /// `contentHash` was made from; nil for an entry seen before wirewatch kept it.
    public var rawHash: String?
    /// When it was last judged (first listed, or an edit judged); nil when the store does not say.
    public var judgedAt: Date?
    /// Its content now is an edit past the limit, stored and not yet judged (`poll.late_edits`).
    public var unjudged: Bool
    /// Stored from the feed's first listing under `backlog: skip`: never judged, however it is edited later.
    public var backlog: Bool
    public init(contentHash: String? = nil, edits: Int = 0, rawHash: String? = nil, judgedAt: Date? = nil, unjudged: Bool = false,
                backlog: Bool = false) {
        self.contentHash = contentHash; self.edits = edits; self.rawHash = rawHash
        self.judgedAt = judgedAt; self.unjudged = unjudged; self.backlog = backlog
    }
}

/// A seen entry's new content hash, written without judging the entry: an entry seen before hashes
/// were kept (its first hash; nothing is re-judged, so an upgrade raises no alert on old entries), an
/// entry whose markup alone changed (its new raw hash, so the next listing is not cleaned again), or
/// an edit past the entry's limit (`edited`: counted, so an operator sees the feed churn).
public struct EntryRehash: Sendable, Hashable {
    public var key: String
    public var contentHash: String
    public var edited: Bool
    /// The raw hash of the content `contentHash` was made from; nil clears the stored one (a raw hash
    /// is kept only beside the content hash made from it).
    public var rawHash: String?
    public init(key: String, contentHash: String, edited: Bool, rawHash: String? = nil) {
        self.key = key; self.contentHash = contentHash; self.edited = edited; self.rawHash = rawHash
    }
}
