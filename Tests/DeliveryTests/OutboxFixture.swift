import Delivery
import Foundation
import Store
import TestSupport
import WirewatchCore

/// Alerts and a real SQLite outbox for the delivery tests.
enum OutboxFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ id: String, rule: String = "deepseek-distillation", severity: Severity = .high,
                       title: String = "OpenAI says DeepSeek distilled its models", feed: String = "tech-desk",
                       time: Date = start) -> AlertRecord {
        AlertRecord(id: id, time: time, rule: rule, severity: severity,
                    article: .init(id: "article-\(id)", url: "https://news.example/\(id)", title: title, feed: FeedID(feed),
                                   published: nil, lang: "en"),
                    story: "story-\(id)",
                    why: [.init(clause: "DeepSeek", field: "text", span: [14, 22], match: "DeepSeek",
                                snippet: "OpenAI says DeepSeek used knowledge distillation")],
                    entities: [.init(name: "DeepSeek", type: .org, mentions: 2)],
                    topics: [.init(id: "model-distillation", score: 0.8)])
    }

    /// A store in a fresh temporary directory (a real file, WAL and all).
    static func store() throws -> SQLiteStore {
        try SQLiteStore(path: makeTemporaryDirectory("outbox").appendingPathComponent("state.sqlite").path)
    }

    /// Commits `records` as alerts of one feed, each bound for `sinks`.
    static func enqueue(_ records: [AlertRecord], sinks: [String], into store: any WirewatchStore, now: Date = start) throws {
        let items = records.map {
            ArticleBatch.Item(article: Article(key: $0.id, feed: $0.article.feed, title: $0.article.title),
                              alerts: [OutboxAlert(record: $0, sinks: sinks)])
        }
        try store.commit(ArticleBatch(state: FeedState(feed: FeedID("tech-desk"), url: "http://feed.example"), items: items), now: now)
    }
}
