import FeedParsing
import Foundation

/// Every field of a parse, the daemon's too (`contentHTML`, ttl, skip
/// hours and days), one line per document: `parser-bench --dump FILE...`
/// lets a change to the parser be diffed over the whole corpus, beyond
/// what `wirewatch parse --json` shows.
enum ParsedFeedDump {
    static func line(_ outcome: ParseOutcome) -> String {
        switch outcome {
        case .notAFeed(let found, let links):
            return "not a feed: \(found) \(links)"
        case .feed(let f):
            var s = "\(f.format) \(String(reflecting: f.title)) \(String(reflecting: f.link)) \(String(reflecting: f.subtitle))"
            s += " \(String(reflecting: f.language)) \(String(reflecting: f.updated)) ttl=\(String(reflecting: f.ttlMinutes))"
            s += " skip=\(f.skipHours) \(f.skipDays)"
            for e in f.entries {
                s += "\n  \(String(reflecting: e.id)) \(String(reflecting: e.title)) \(String(reflecting: e.link))"
                s += "\n    summary=\(String(reflecting: e.summary))"
                s += "\n    content=\(String(reflecting: e.content))"
                s += "\n    html=\(String(reflecting: e.contentHTML))"
                s += "\n    \(String(reflecting: e.published)) \(String(reflecting: e.updated)) \(e.authors) \(e.categories) \(e.enclosures)"
            }
            return s
        }
    }
}
