import Foundation
import TestSupport

/// A feed written to hurt a feed reader, and what `wirewatch feeds` must
/// show for it afterwards.
struct HostileFeed: Sendable {
    enum Outcome: Sendable {
        /// The feed is in an error state: this category, and a message containing `message`.
        case failed(category: String, message: String)
        /// What could be salvaged was read, with nothing expanded or fetched: the feed is "salvaged" and its
        /// message is exactly `message`, with `$BASE` standing for the hostile server's base URL.
        case salvaged(message: String)
    }

    var id: String
    var outcome: Outcome
    var response: @Sendable (_ baseURL: String) -> LoopbackHTTPServer.Response

    var path: String { "/\(id)" }

    static let rss = [("Content-Type", "application/rss+xml")]

    /// A feed body around `inside`, placed in an item's description.
    static func feed(item inside: String, prologue: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(prologue)<rss version=\"2.0\"><channel><title>hostile</title>"
            + "<item><guid>h1</guid><title>Harbour report</title><description>\(inside)</description></item></channel></rss>"
    }

    /// Paths the hostile documents point at; the test checks none was ever requested.
    static let bait = ["/stolen", "/evil.dtd", "/param.dtd"]

    static let hundredThousandItems: Data = {
        var data = Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>many</title>".utf8)
        data.reserveCapacity(6 << 20)
        for i in 0..<100_000 { data.append(contentsOf: Array("<item><guid>m\(i)</guid><title>Item \(i)</title></item>".utf8)) }
        return data + Data("</channel></rss>".utf8)
    }()
    static let megabyteWord = Data(feed(item: String(repeating: "x", count: 1 << 20)).utf8)
    /// A million elements, each inside the one before.
    /// Where the bad bytes of `invalid-utf8` and the NULs of `nul-bytes` go.
    static let invalidUTF8At = feed(item: "before").utf8.count - 40
    static let nulAt = feed(item: "before after").utf8.count - 45
    static let deepNesting = Data(feed(item: String(repeating: "<a>", count: 1_000_000) + String(repeating: "</a>", count: 1_000_000)).utf8)

    static let all: [HostileFeed] = [
        HostileFeed(id: "billion-laughs", outcome: .failed(category: "parse", message: "not a feed: found an XML document whose root is <lolz>")) { _ in
            let entities = (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 - 1);", count: 10) + "\">" }.joined()
            return .init(headers: rss, text: "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">\(entities)]><lolz>&lol9;</lolz>")
        },
        HostileFeed(id: "xxe-file", outcome: .failed(category: "parse", message: "not a feed: found an XML document whose root is <foo>")) { _ in
            .init(headers: rss, text: "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>")
        },
        HostileFeed(id: "xxe-loopback", outcome: .failed(category: "parse", message: "not a feed: found an XML document whose root is <foo>")) { base in
            .init(headers: rss, text: "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY net SYSTEM \"\(base)/stolen\"><!ENTITY % p SYSTEM \"\(base)/param.dtd\"> %p;]><foo>&net;</foo>")
        },
        // The same entities inside a real feed whose item matches a rule: it alerts, with nothing read or fetched.
        HostileFeed(id: "xxe-in-a-feed", outcome: .salvaged(message: "DOCTYPE ignored: external DTD $BASE/evil.dtd not loaded; "
                + "external entities not read: xxe (SYSTEM file:///etc/passwd), net (SYSTEM $BASE/stolen)")) { base in
            .init(headers: rss, text: """
                <?xml version="1.0"?><!DOCTYPE rss SYSTEM "\(base)/evil.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "\(base)/stolen">]>
                <rss version="2.0"><channel><title>hostile</title><item><guid>x1</guid><title>DeepSeek distillation &xxe;</title>
                <description>DeepSeek used knowledge distillation. &xxe; &net;</description></item></channel></rss>
                """)
        },
        HostileFeed(id: "two-gigabytes", outcome: .failed(category: "too-large", message: "body larger than 16777216 bytes")) { _ in
            let head = Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>".utf8)
            let filler = Data(repeating: UInt8(ascii: "a"), count: 1 << 16)
            return .init(headers: rss, body: Data(), delivery: .generated(count: (2 << 30) / filler.count) { $0 == 0 ? head + filler : filler })
        },
        HostileFeed(id: "gzip-bomb", outcome: .failed(category: "too-large", message: "body larger than 16777216 bytes")) { _ in
            .init(headers: rss + [("Content-Encoding", "gzip")], body: Data(), delivery: GzipBomb.delivery)
        },
        HostileFeed(id: "trickle", outcome: .failed(category: "timeout", message: "Operation too slow")) { _ in
            .init(headers: rss, body: Data(feed(item: "slow").utf8), delivery: .trickle(bytes: 1, every: 1))
        },
        HostileFeed(id: "redirect-loop", outcome: .failed(category: "protocol", message: "more than 5 redirects")) { base in
            .init(status: 302, headers: [("Location", "\(base)/redirect-loop")], text: "again")
        },
        // 100,000 elements are built (rss, channel, title and 33,333 items of three, the last cut short), 200,003 skipped.
        HostileFeed(id: "hundred-thousand-items",
                    outcome: .salvaged(message: "more than 33,333 entries, only the first 10,000 read (and 1 more problem)")) { _ in .init(headers: rss, body: hundredThousandItems) },
        // C3 (before "("), FF, FE, a surrogate's three bytes and F8 88 80 80 80: 11 bytes not valid UTF-8.
        HostileFeed(id: "invalid-utf8",
                    outcome: .salvaged(message: "11 bytes not valid UTF-8 read as windows-1252 (first at byte \(invalidUTF8At))")) { _ in
            var body = Data(feed(item: "before").utf8)
            body.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80], at: invalidUTF8At)
            return .init(headers: rss, body: body)
        },
        HostileFeed(id: "nul-bytes", outcome: .salvaged(message: "4 NUL bytes dropped (first at byte \(nulAt))")) { _ in
            var body = Data(feed(item: "before after").utf8)
            body.insert(contentsOf: [0, 0, 0, 0], at: nulAt)
            return .init(headers: rss, body: body)
        },
        HostileFeed(id: "megabyte-word", outcome: .salvaged(message: "1 word (text without a space) longer than 4,096 bytes cut")) { _ in .init(headers: rss, body: megabyteWord) },
        // rss, channel, item and description are four of the 256 levels built: 1,000,000 - 252 <a> are skipped.
        HostileFeed(id: "deep-nesting", outcome: .salvaged(message: "elements nested deeper than 256 levels: 999,748 skipped")) { _ in .init(headers: rss, body: deepNesting) },
        HostileFeed(id: "html-page", outcome: .failed(category: "parse", message: "not a feed: found an HTML page (“Welcome to the harbour”)")) { _ in
            .init(headers: [("Content-Type", "text/html")], text: "<!DOCTYPE html><html><head><title>Welcome to the harbour</title></head><body><p>Hello</p></body></html>")
        },
        HostileFeed(id: "empty-200", outcome: .failed(category: "parse", message: "not a feed: found an empty document")) { _ in
            .init(headers: rss, text: "")
        },
    ]
}
