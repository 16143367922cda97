/// Bounds on what one document may make the parser produce, beyond the
/// fixed memory bounds of the tree builder (`XMLTreeBuilder.maxElements`,
/// `maxDepth`, `XMLNode.maxTextBytes`).
public struct ParseLimits: Sendable, Hashable {
    /// Entries read from one document, in document order (feeds list the newest first).
    /// No news feed lists this many; a document that does is an archive, and reading
    /// all of it on every poll costs the store and the analysis for nothing new.
    public var maxEntries: Int
    /// Bytes of text without a space kept in a row (the rest of the run is cut): longer
    /// than any word or any URL a reader clicks, and a megabyte "word" would otherwise go
    /// whole through analysis and into the store.
    public var maxWordBytes: Int

    public static let defaultMaxEntries = 10_000
    public static let defaultMaxWordBytes = 4096

    public init(maxEntries: Int = defaultMaxEntries, maxWordBytes: Int = defaultMaxWordBytes) {
        self.maxEntries = maxEntries
        self.maxWordBytes = maxWordBytes
    }
}
