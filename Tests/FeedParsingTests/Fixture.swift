import FeedParsing
import Foundation
import Testing

/// Reads fixtures from the source tree (`Fixtures/`, beside this file).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let url = "https://example.com/feed.xml"

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func outcome(_ name: String, contentType: String? = nil, url: String = url) throws -> ParseOutcome {
        FeedParser.parse(try data(name), url: url, contentType: contentType)
    }

    static func feed(_ name: String, contentType: String? = nil, url: String = url) throws -> ParsedFeed {
        try #require(try outcome(name, contentType: contentType, url: url).feed, "\(name) did not parse as a feed")
    }

    static func entry(_ name: String, _ index: Int = 0) throws -> ParsedEntry {
        let feed = try feed(name)
        try #require(feed.entries.count > index, "\(name) has \(feed.entries.count) entries")
        return feed.entries[index]
    }

    static func date(_ iso: String) -> Date {
        FeedDate.parse(iso)!
    }
}
