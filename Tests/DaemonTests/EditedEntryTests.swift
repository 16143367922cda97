import Analysis
import Fetching
import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// An entry edited under the same guid is judged again: polls of a real feed over HTTP into the real
/// store, on a manual clock. The throttle decides as for any match; markup churn is no edit; a feed
/// whose entries change on every poll is judged a bounded number of times and shows it.
@Suite struct EditedEntryTests {
    /// One feed served by a `DemoSite`, polled through `FeedPoll` into a real SQLite store.
    struct Desk {
        let site: DemoSite
        let server: LoopbackHTTPServer
        let install: TestInstall
        let setup: WatchSetup
        let store: SQLiteStore
        let clock = ManualClock()
        let fetcher = Fetcher()
        /// Seen entries whose text the polls cleaned to tell an edit (`FeedPoll.contentHash`).
        let cleanings = Tally()

        init(_ items: [DemoSite.Item], sharedGUID: String? = nil, config: String = "") async throws {
            let site = DemoSite(items, sharedGUID: sharedGUID)
            self.site = site
            server = try await LoopbackHTTPServer { site.respond($0) }
            let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
            if !config.isEmpty { try install.appendConfig(config) }
            self.install = install
            setup = try WatchSetup.load(configPath: install.configPath).get()
            store = try SQLiteStore(path: setup.config.storePath)
        }

        var feed: FeedConfig { setup.config.feeds[0] }

        /// One poll a minute after the last.
        func poll() async -> FeedPoll.Report {
            clock.advance(by: 60)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            var poll = FeedPoll(fetcher: fetcher, store: store, clock: clock, permits: WorkPermits(limit: 2), drain: DrainState(),
                                logger: logger)
            poll.contentHash = { [cleanings] in cleanings.add(); return ContentHash.of($0) }
            return await poll.poll(feed, url: feed.url, setup: setup)
        }

        /// The alerts in the outbox, oldest first.
        func alerts() throws -> [AlertRecord] {
            try store.dueDeliveries(sink: "alert-log", now: .distantFuture, limit: 100).map(\.record)
        }

        func close() async {
            fetcher.shutdown()
            await server.shutdown()
        }
    }

    @Test func anEditThatNewlyMatchesARuleAlertsOnceAsTheSameArticle() async throws {
        let desk = try await Desk([.init(guid: "a1", title: "Markets open", body: "Shares rose in early trading.")])
        let first = await desk.poll()
        #expect(first.label == "ok" && first.newArticles == 1 && first.alerts.isEmpty, "\(first.error ?? "")")

        desk.site.edit(guid: "a1", title: "Updated: DeepSeek says it distilled rival models",
                       body: "Shares rose in early trading. DeepSeek says it used knowledge distillation on OpenAI's models.")
        let edited = await desk.poll()
        #expect(edited.newArticles == 0 && edited.edits == 1)
        #expect(edited.alerts.map(\.rule) == ["deepseek-distillation"])
        let alert = try #require(try desk.alerts().first)
        #expect(alert.revision == 1)
        #expect(alert.article.id == Article(key: "a1", feed: desk.feed.id, title: "").id)
        #expect(alert.article.title.hasPrefix("Updated:"))
        // The stored article is the edit (what `rules backtest` reads); it is still one article.
        let stored = try desk.store.recentArticles(since: .distantPast, limit: 10)
        #expect(stored.map(\.article.key) == ["a1"])
        #expect(stored.first?.article.title.hasPrefix("Updated:") == true)
        let state = try #require(try desk.store.feedState(desk.feed.id))
        #expect(state.articlesSeen == 1 && state.entriesEdited == 1 && state.editsNotJudged == 0)

        // Listed again as it is (the document changed elsewhere, then a 304): nothing more.
        desk.site.add(.init(guid: "q1", title: "Weather", body: "Rain later."))
        let again = await desk.poll()
        #expect(again.newArticles == 1 && again.edits == 0 && again.alerts.isEmpty)
        #expect(await desk.poll().label == "not-modified")
        #expect(try desk.alerts().count == 1)
        await desk.close()
    }

    @Test func anEditOfAnAlertedEntryStaysInItsStoryAndAlertsOnlyForARuleThatMatchesNow() async throws {
        let original = "OpenAI says DeepSeek used knowledge distillation on its models."
        let desk = try await Desk([.init(guid: "a1", title: "DeepSeek and distillation", body: original)])
        #expect(await desk.poll().alerts.map(\.rule) == ["deepseek-distillation"])
        let story = try #require(try desk.alerts().first?.story)

        // A long added section moves the fingerprint far from the original's, out of its story's reach.
        let added = """
            Washington tightened export controls on advanced chips sold to China on Tuesday. Officials in Beijing \
            called the rules a blockade and promised retaliation against American suppliers. Chinese firms have \
            stockpiled accelerators for months, traders said, while regulators in Brussels and Tokyo weighed their \
            own licences for lithography equipment and the software that designs processors.
            """
        let editedBody = original + " " + added
        let before = desk.setup.analyzer.analyze(Article(key: "a1", feed: desk.feed.id, title: "DeepSeek and distillation",
                                                         contentHTML: "<p>\(original)</p>"))
        let after = desk.setup.analyzer.analyze(Article(key: "a1", feed: desk.feed.id, title: "DeepSeek and distillation",
                                                        contentHTML: "<p>\(editedBody)</p>"))
        #expect(StoryFingerprint.distance(before.fingerprint, after.fingerprint) > 3)

        desk.site.edit(guid: "a1", body: editedBody)
        let edited = await desk.poll()
        #expect(edited.edits == 1)
        // deepseek-distillation already alerted on the story: throttled. export-controls-china matches only now.
        #expect(edited.alerts.map(\.rule) == ["export-controls-china"])
        let alerts = try desk.alerts()
        #expect(alerts.count == 2)
        #expect(alerts.last?.story == story)
        #expect(alerts.last?.revision == 1)
        await desk.close()
    }

    @Test func markupChurnIsNotAnEditButAChangedWordIs() async throws {
        func body(_ attributes: String, _ campaign: String, _ apostrophe: String) -> String {
            "<span \(attributes)>Rain   later</span>, see <a href=\"https://weather.test/?utm_source=feed&amp;utm_campaign=\(campaign)\">"
                + "the forecast\(apostrophe)s map</a>."
        }
        let desk = try await Desk([.init(guid: "w1", title: "Weather", body: body("class=\"lede\" id=\"w\"", "1", "'"))])
        #expect(await desk.poll().newArticles == 1)
        // Attribute order, a tracking parameter, an entity for a character, whitespace and wrapping markup.
        for (i, variant) in [body("id=\"w\" class=\"lede\"", "2", "&#39;"), body("class=\"lede\"", "3", "&#x27;"),
                             "<em>" + body("data-ts=\"\(UUID())\"", "4", "'").replacingOccurrences(of: "   ", with: "\n ") + "</em>"].enumerated() {
            desk.site.edit(guid: "w1", body: variant)
            let report = await desk.poll()
            #expect(report.label == "ok" && report.edits == 0, "variant \(i)")
        }
        desk.site.edit(guid: "w1", body: body("class=\"lede\"", "5", "'").replacingOccurrences(of: "later", with: "tonight"))
        #expect(await desk.poll().edits == 1)
        #expect(try desk.store.feedState(desk.feed.id)?.entriesEdited == 1)
        await desk.close()
    }

    @Test func entriesThatChangeOnEveryPollAreJudgedAtMostMaxEditsTimesAndShow() async throws {
        func items(_ poll: Int) -> [DemoSite.Item] {
            (1...3).map { i in
                .init(guid: "t\(i)", title: i == 1 ? "DeepSeek distillation" : "Item \(i)",
                      body: (i == 1 ? "DeepSeek used knowledge distillation. " : "Quiet. ") + "Updated at 08:0\(poll) GMT.")
            }
        }
        let desk = try await Desk(items(0), config: "poll:\n  max_edits: 2\n")
        #expect(desk.setup.config.poll.maxEdits == 2)
        let metrics = DaemonMetrics()
        var reports = [await desk.poll()]
        for poll in 1...5 {
            for item in items(poll) { desk.site.edit(guid: item.guid, body: item.body) }
            reports.append(await desk.poll())
        }
        for report in reports { metrics.record(report) }
        #expect(reports.map(\.edits) == [0, 3, 3, 0, 0, 0])
        #expect(reports.map(\.editsNotJudged) == [0, 0, 0, 3, 3, 3])
        // The matching entry alerted when first seen; its judged edits are throttled like any match.
        #expect(reports.map(\.alerts.count) == [1, 0, 0, 0, 0, 0])

        let state = try #require(try desk.store.feedState(desk.feed.id))
        #expect(state.entriesEdited == 15 && state.editsNotJudged == 9)
        let row = try #require(try FeedStatus.all(config: desk.setup.config, store: desk.store).first)
        #expect(row.entriesEdited == 15 && row.editsNotJudged == 9)
        let table = FeedStatusTable.render([row], now: desk.clock.now())
        #expect(table.contains("15 (9 not judged)"), "\(table)")
        #expect(table.contains("test-desk: 9 edits past poll.max_edits not judged"), "\(table)")
        let exposition = metrics.exposition()
        #expect(exposition.contains("wirewatch_entries_edited_total{feed=\"test-desk\",judged=\"yes\"} 6"), "\(exposition)")
        #expect(exposition.contains("wirewatch_entries_edited_total{feed=\"test-desk\",judged=\"no\"} 9"), "\(exposition)")
        await desk.close()
    }

    /// Entries sharing one guid are told apart by their links: an edit of one is that entry's edit,
    /// and an entry added under the shared guid is new.
    @Test func entriesSharingAGuidAreEditedOneByOne() async throws {
        let desk = try await Desk([.init(guid: "s1", title: "Markets", body: "Shares rose."),
                                   .init(guid: "s2", title: "Weather", body: "Rain later.")], sharedGUID: "https://news.test/")
        let first = await desk.poll()
        #expect(first.label == "salvaged" && first.newArticles == 2, "\(first.label)")
        desk.site.edit(guid: "s2", body: "Rain later. DeepSeek used knowledge distillation, forecasters said.")
        desk.site.add(.init(guid: "s3", title: "Sport", body: "A draw."))
        let edited = await desk.poll()
        #expect(edited.newArticles == 1 && edited.edits == 1)
        let alert = try #require(try desk.alerts().first)
        #expect(alert.revision == 1)
        #expect(alert.article.url == "https://news.test/s2")
        #expect(try desk.store.recentArticles(since: .distantPast, limit: 10).count == 3)
        await desk.close()
    }

    @Test func maxEditsZeroJudgesAnEntryOnce() async throws {
        let desk = try await Desk([.init(guid: "a1", title: "Markets", body: "Shares rose.")], config: "poll:\n  max_edits: 0\n")
        _ = await desk.poll()
        desk.site.edit(guid: "a1", body: "DeepSeek used knowledge distillation.")
        let report = await desk.poll()
        #expect(report.edits == 0 && report.editsNotJudged == 1 && report.alerts.isEmpty)
        await desk.close()
    }
}

/// A count shared with a `@Sendable` closure.
final class Tally: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
