import FeedParsing
import Foundation
import FuzzDriver

/// Any bytes a feed server might send: the parser returns a feed or "not a
/// feed" and never traps, and what it returns can be serialised as
/// `wirewatch parse` prints it. A first byte from 0x01 to 0x08 picks the
/// Content-Type the server claimed (and is not part of the body), so charset
/// detection from headers is fuzzed too while real feeds stay usable seeds.
@main enum FeedParserFuzz {
    static let contentTypes: [String?] = [
        "application/rss+xml", "application/atom+xml", "text/xml; charset=iso-8859-1", "text/html; charset=windows-1252",
        "application/feed+json", "application/json; charset=utf-16", "text/plain; charset=shift_jis",
    ]

    static func main() {
        FuzzDriver.run { bytes in
            let selector = bytes.first.map(Int.init) ?? 0
            let picked = (1...contentTypes.count).contains(selector)
            let contentType = picked ? contentTypes[selector - 1] : nil
            let body = Data(picked ? bytes.dropFirst() : bytes[...])
            switch FeedParser.parse(body, url: "https://fuzz.test/feed.xml", contentType: contentType) {
            case .feed(let feed):
                _ = try? feed.jsonData()
            case .notAFeed:
                break
            }
        }
    }
}
