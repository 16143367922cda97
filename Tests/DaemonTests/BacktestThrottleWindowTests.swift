import Fetching
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `rules backtest` counts a windowed throttle as the daemon applies it: at most one alert per key per
/// window, on the times the articles were stored, not one per key ever (trial7 N8).
@Suite struct BacktestThrottleWindowTests {
    /// The daemon's own polls (real feed over HTTP, real store, a manual clock) raise alerts on three
    /// articles stored 0, 9 and 45 seconds in; backtest over that store says what the daemon raised.
    @Test func backtestCountsAWindowedRuleAsTheDaemonRaisedIt() async throws {
        let site = DemoSite([.init(guid: "a1", title: "DeepSeek releases a model",
                                   body: "DeepSeek released a reasoning model on Monday.")])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let rules = """
            rules:
              - id: per-rule-30s
                query: DeepSeek
                throttle: { per: rule, window: 30s }
              - id: per-rule-ever
                query: DeepSeek
                throttle: { per: rule }
              - id: per-article-5s
                query: DeepSeek
                throttle: { per: article, window: 5s }
            """
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: rules)
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let store = try SQLiteStore(path: setup.config.storePath)
        let clock = ManualClock()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let poll = FeedPoll(fetcher: fetcher, store: store, clock: clock, permits: WorkPermits(limit: 2), drain: DrainState(),
                            logger: logger)
        let feed = setup.config.feeds[0]

        let later: [(seconds: TimeInterval, item: DemoSite.Item?)] = [
            (0, nil),
            (9, .init(guid: "a2", title: "Nvidia shares fall after DeepSeek", body: "Nvidia lost 600 billion dollars as DeepSeek rattled markets.")),
            (36, .init(guid: "a3", title: "DeepSeek under export scrutiny", body: "Washington weighs export controls over DeepSeek's chips.")),
        ]
        var raised: [String: Int] = [:]
        for (step, item) in later {
            clock.advance(by: step)
            if let item { site.add(item) }
            let report = await poll.poll(feed, url: feed.url, setup: setup)
            #expect(report.label == "ok", "\(report.error ?? "")")
            for alert in report.alerts { raised[alert.rule, default: 0] += 1 }
        }
        // What the daemon raised: the window lets a second alert through 45 s in, not 9 s in.
        #expect(raised == ["per-rule-30s": 2, "per-rule-ever": 1, "per-article-5s": 3])

        let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath,
                                                             "--since", "2025-01-01", "--json"])
        #expect(status == 0, "\(err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(out)")
        let counted = (json["rules"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["id"] as? String ?? "?"] = $1["alerts"] as? Int
        }
        #expect(json["articles"] as? Int == 3, "\(out)")
        #expect(counted == raised, "\(out)")
    }
}
