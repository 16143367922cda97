import Foundation

/// One feed of an OPML subscription list. `tags` come from the outline's
/// `category` attribute and from the folders it sits in.
public struct OPMLOutline: Sendable, Hashable {
    public var title: String
    public var xmlURL: String
    public var htmlURL: String?
    public var tags: [String]
    /// The feed's id in the wirewatch config it was exported from (`wirewatchId`), kept by an import.
    public var id: String?
    /// For a feed that moved permanently, the URL that config still gives it (`wirewatchConfiguredUrl`);
    /// `xmlURL` is where it moved.
    public var configuredURL: String?
    /// Where the outline's start tag ends in the file (libxml2's count), to name it in a message.
    public var line = 1
    public var column = 1

    public init(title: String, xmlURL: String, htmlURL: String? = nil, tags: [String] = [], id: String? = nil) {
        self.title = title
        self.xmlURL = xmlURL
        self.htmlURL = htmlURL
        self.tags = tags
        self.id = id
    }

    /// The attribute an export writes a feed's id in: a title is no id (a round trip made new ids
    /// from titles), and OPML 2.0 lets an outline carry attributes of its own.
    static let idAttribute = "wirewatchId"

    /// The attribute an export writes a moved feed's configured URL in: its `xmlUrl` is the URL polled now,
    /// what another reader needs, and an import into that config must still know the feed.
    static let configuredURLAttribute = "wirewatchConfiguredUrl"
}
