import Foundation
import Markup

/// Bytes + where they came from → a parsed feed, or a clear "not a feed".
/// Pure: no I/O, no clock.
public enum FeedParser {
    public static func parse(_ data: Data, url: String, contentType: String? = nil) -> ParseOutcome {
        let bytes = [UInt8](data)
        guard let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }) else {
            return .notAFeed(found: "an empty document", feedLinks: [])
        }
        guard first == UInt8(ascii: "<") else {
            return .notAFeed(found: "a document that is not XML (first byte \(String(format: "0x%02X", first)))", feedLinks: [])
        }
        let tree = XMLTreeBuilder()
        XMLEventReader.read(bytes, encoding: nil, into: tree)
        guard let root = tree.root else {
            return .notAFeed(found: "XML without a root element", feedLinks: [])
        }
        switch (root.name.lowercased(), root.namespace) {
        case ("rss", _):
            return .feed(RSSAdapter.feed(from: root, url: url))
        case ("feed", Namespace.atom10?), ("feed", Namespace.atom03?), ("feed", nil):
            return .feed(AtomAdapter.feed(from: root, url: url))
        case ("html", _):
            return .notAFeed(found: "an HTML page", feedLinks: [])
        default:
            return .notAFeed(found: "an XML document whose root is <\(root.name)>", feedLinks: [])
        }
    }
}

enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let xml = "http://www.w3.org/XML/1998/namespace"
}
