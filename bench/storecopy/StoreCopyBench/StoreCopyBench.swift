import Foundation
import Logging
import PostgresStore
import Store
import WirewatchCore

/// bench/storecopy/run.sh: fills an SQLite store (`fill PATH ARTICLES ALERTS`), or copies it into a
/// database with a given number of values per INSERT (`copy PATH URL PARAMETERS`) and prints
/// `parameters<TAB>rows<TAB>seconds`.
@main
struct StoreCopyBench {
    static func main() throws {
        let args = CommandLine.arguments
        switch args.dropFirst().first {
        case "fill": try fill(path: args[2], articles: Int(args[3])!, alerts: Int(args[4])!)
        case "copy": try copy(path: args[2], url: args[3], parameters: Int(args[4])!)
        default: FileHandle.standardError.write(Data("usage: StoreCopyBench fill PATH ARTICLES ALERTS | copy PATH URL PARAMETERS\n".utf8)); exit(64)
        }
    }

    /// Articles of about 2 KB each (a news item's summary and body) in commits of 500, over 100 feeds;
    /// the first `alerts` of them raise an alert with one pending delivery (one sink).
    static func fill(path: String, articles: Int, alerts: Int) throws {
        let store = try SQLiteStore(path: path)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let paragraph = String(repeating: "The ministry said the tariff on grain would rise next spring, officials confirmed. ", count: 24)
        var n = 0
        while n < articles {
            let feed = FeedID("feed-\(n / 500 % 100)")
            let items = (n..<min(n + 500, articles)).map { i in
                let article = Article(key: "entry-\(i)", feed: feed, url: "https://news.example/\(i)", title: "Report \(i)",
                                      summary: "Summary of report \(i)", contentHTML: "<p>\(paragraph)</p>", published: t0)
                let record = AlertRecord(id: "alert-\(i)", time: t0, rule: "r", severity: .high,
                                         article: .init(id: article.id, url: article.url, title: article.title, feed: feed, published: t0, lang: "en"),
                                         story: "story-\(i)", why: [], entities: [], topics: [])
                return ArticleBatch.Item(article: article, alerts: i < alerts ? [OutboxAlert(record: record, sinks: ["hook"])] : [])
            }
            try store.commit(ArticleBatch(state: FeedState(feed: feed, url: "https://news.example/\(feed.rawValue)"), items: items),
                             now: t0.addingTimeInterval(Double(n)), admission: nil)
            n += items.count
        }
    }

    static func copy(path: String, url: String, parameters: Int) throws {
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let start = Date()
        let counts = try StoreCopy.copy(from: try StoreExport(path: path), to: url, dryRun: false, logger: quiet,
                                        parametersPerStatement: parameters)
        let seconds = Date().timeIntervalSince(start)
        print("\(parameters)\t\(counts.reduce(0) { $0 + $1.rows })\t\(seconds)")
        for c in counts { FileHandle.standardError.write(Data("  \(c.table) \(c.rows)\n".utf8)) }
    }
}
