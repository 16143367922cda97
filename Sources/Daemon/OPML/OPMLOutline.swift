import Foundation

/// One feed of an OPML subscription list. `tags` come from the outline's
/// `category` attribute and from the folders it sits in.
public struct OPMLOutline: Sendable, Hashable {
    public var title: String
    public var xmlURL: String
    public var htmlURL: String?
    public var tags: [String]

    public init(title: String, xmlURL: String, htmlURL: String? = nil, tags: [String] = []) {
        self.title = title
        self.xmlURL = xmlURL
        self.htmlURL = htmlURL
        self.tags = tags
    }
}
