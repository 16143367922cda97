import Foundation
import Store
import Testing
import WirewatchCore

@Suite struct RecentArticlesTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func articlesComeBackNewestFirstSinceADate() throws {
        let store = try SQLiteStore(path: ":memory:")
        let feed = FeedID("f")
        for (n, key) in ["a", "b", "c"].enumerated() {
            let article = Article(key: key, feed: feed, url: "https://x.test/\(key)", title: "Title \(key)", summary: "Summary \(key)",
                                  authors: ["Jane"], categories: ["Tech"])
            try store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://x"), items: [.init(article: article, alerts: [])]),
                             now: Self.start.addingTimeInterval(Double(n) * 3600))
        }
        let recent = try store.recentArticles(since: Self.start.addingTimeInterval(3600), limit: 10)
        #expect(recent.map(\.article.key) == ["c", "b"])
        #expect(recent.first?.article.summary == "Summary c")
        #expect(recent.first?.article.categories == ["Tech"])
        #expect(recent.first?.storedAt == Self.start.addingTimeInterval(7200))
        #expect(try store.recentArticles(since: Self.start, limit: 1).map(\.article.key) == ["c"])
        #expect(try store.recentArticles(since: Self.start.addingTimeInterval(86400), limit: 10).isEmpty)
    }
}
