import WirewatchCore

/// What lets a feed entry listed again as it was skip cleaning: a hash of its title and body as the
/// feed sent them (after XML, before `CleanText`). Equal to the stored one, the entry's clean text, and
/// so its `ContentHash`, is what the store holds. Different, it proves nothing (markup, a tracking
/// query string): the entry is cleaned and its `ContentHash` decides, as for an entry without one.
public enum RawContentHash {
    /// Names what the hash covers; a stored hash of another scheme never equals a new one, so the entry
    /// is cleaned once and its hash refilled.
    public static let scheme = "r1"

    /// Covers what `ContentHash.of` cleans, the title and `bodyHTML`, and nothing else: a new summary
    /// beside unchanged content cleans to the same text.
    public static func of(_ article: Article) -> String { scheme + ":" + StableHash.hex(article.title, article.bodyHTML) }
}
