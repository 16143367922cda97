import Foundation
import Markup

/// Bytes + where they came from → a parsed feed, or a clear "not a feed".
/// Pure: no I/O, no clock.
public enum FeedParser {
    /// A feed's `problems` say what had to be repaired, cut (see `limits`) or ignored to read it.
    public static func parse(_ data: Data, url: String, contentType: String? = nil, limits: ParseLimits = ParseLimits()) -> ParseOutcome {
        var problems: [FeedProblem] = []
        let outcome = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let detected = DocumentCharset.detect(bytes, contentType: contentType)
            let body = UnsafeBufferPointer(rebasing: bytes[detected.bomLength...])
            if let label = detected.unknownLabel { problems.append(.unknownCharset(label: label, readAs: detected.charset.name)) }
            if let label = detected.mislabelled { problems.append(.mislabelledCharset(label: label)) }
            var unreadable = InvalidBytes.Unreadable()
            if let decoded = UTF8Transcoder.utf8(body, charset: detected.charset, unreadable: { unreadable.note($0) }) {
                if detected.charset == .utf8, let bad = InvalidBytes.utf8(in: body, offset: detected.bomLength) { problems.append(bad) }
                if let bad = unreadable.problem(charset: detected.charset, offset: detected.bomLength) { problems.append(bad) }
                return decoded.withUnsafeBufferPointer {
                    parse(utf8: $0, url: url, problems: &problems, offset: detected.bomLength, maxEntries: limits.maxEntries)
                }
            }
            return parse(utf8: body, url: url, problems: &problems, offset: detected.bomLength, maxEntries: limits.maxEntries)
        }
        guard case .feed(var feed) = outcome else { return outcome }
        feed.identifyUntitledEntries()
        if let shared = feed.distinguishSharedIDs() { problems.append(shared) }
        feed.salvage(found: problems, limits: limits)
        return .feed(feed)
    }

    /// `offset`: where `input` starts in the document, for the byte offsets of problems.
    /// Only the first `maxEntries` entries are built; the rest are counted.
    static func parse(utf8 input: UnsafeBufferPointer<UInt8>, url: String, problems: inout [FeedProblem], offset: Int = 0,
                      maxEntries: Int) -> ParseOutcome {
        let bytes = DocumentSniffer.skippingPreamble(input)
        switch DocumentSniffer.kind(of: bytes) {
        case .empty:
            return .notAFeed(found: "an empty document", feedLinks: [])
        case .json:
            return JSONFeedAdapter.feed(from: bytes, url: url, maxEntries: maxEntries)
        case .html:
            return notAFeed(htmlPage: bytes, url: url)
        case .other(let start):
            return .notAFeed(found: "a document that is neither XML nor JSON (it starts with “\(start)”)", feedLinks: [])
        case .xml:
            break
        }
        let tree = XMLTreeBuilder(documentBytes: bytes.count)
        let issues = XMLEventReader.read(utf8: bytes, into: tree)
        tree.flushText()
        let skipped = (bytes.baseAddress ?? input.baseAddress).map { $0 - (input.baseAddress ?? $0) } ?? 0
        problems += tree.problems(issues: issues, offset: offset + skipped, end: DocumentEnd(bytes))
        guard let root = tree.root else {
            return .notAFeed(found: "XML without a root element", feedLinks: [])
        }
        switch (root.name.lowercased(), root.namespace) {
        case ("rss", _):
            let version = root.attribute("version")?.trimmed ?? ""
            let format: FeedFormat = version.hasPrefix("2") ? .rss20 : (version.hasPrefix("0.9") ? .rss09x : .rss)
            return .feed(RSSAdapter.feed(from: root, format: format, url: url, maxEntries: maxEntries))
        case ("rdf", _):
            if root.child("channel", Namespace.rss10) != nil || root.child("item", Namespace.rss10) != nil {
                return .feed(RSSAdapter.feed(from: root, format: .rss10, url: url, maxEntries: maxEntries))
            }
            if root.child("channel", Namespace.rss090) != nil || root.child("item", Namespace.rss090) != nil {
                return .feed(RSSAdapter.feed(from: root, format: .rss09x, url: url, maxEntries: maxEntries))
            }
            return .notAFeed(found: "an RDF document without an RSS channel", feedLinks: [])
        case ("channel", _):
            return .feed(RSSAdapter.feed(from: root, format: .rss, url: url, maxEntries: maxEntries))
        case ("feed", Namespace.atom03?):
            return .feed(AtomAdapter.feed(from: root, format: .atom03, url: url, maxEntries: maxEntries))
        case ("feed", Namespace.atom10?):
            return .feed(AtomAdapter.feed(from: root, format: .atom10, url: url, maxEntries: maxEntries))
        case ("feed", nil):
            let format: FeedFormat = root.attribute("version") == "0.3" ? .atom03 : .atom10
            return .feed(AtomAdapter.feed(from: root, format: format, url: url, maxEntries: maxEntries))
        case ("html", _):
            return notAFeed(htmlPage: bytes, url: url)
        default:
            return .notAFeed(found: "an XML document whose root is <\(root.name)>", feedLinks: [])
        }
    }

    private static func notAFeed(htmlPage bytes: UnsafeBufferPointer<UInt8>, url: String) -> ParseOutcome {
        let page = HTMLPageLinks.read(utf8: bytes)
        let base = page.base.map { FeedURL.resolve($0, against: url) } ?? url
        let links = page.alternates.map { FeedURL.resolve($0.href, against: base) }.uniqued
        let found = page.title.map { "an HTML page (“\($0.prefix(80))”)" } ?? "an HTML page"
        return .notAFeed(found: found, feedLinks: links)
    }
}
