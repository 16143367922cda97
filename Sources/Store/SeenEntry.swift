import Foundation

/// What the store remembers of an entry a feed listed before, to tell an edit from a repeat.
public struct SeenEntry: Sendable, Hashable {
    /// The hash of the content it was last judged with (or, past the edit limit, last listed with);
    /// nil for an entry seen before wirewatch kept hashes.
    public var contentHash: String?
    /// How many edits of it were judged again.
    public var edits: Int
    public init(contentHash: String? = nil, edits: Int = 0) { self.contentHash = contentHash; self.edits = edits }
}

/// A seen entry's new content hash, written without judging the entry: an entry seen before hashes
/// were kept (its first hash; nothing is re-judged, so an upgrade raises no alert on old entries), or
/// an edit past the entry's limit (`edited`: counted, so an operator sees the feed churn).
public struct EntryRehash: Sendable, Hashable {
    public var key: String
    public var contentHash: String
    public var edited: Bool
    public init(key: String, contentHash: String, edited: Bool) { self.key = key; self.contentHash = contentHash; self.edited = edited }
}
