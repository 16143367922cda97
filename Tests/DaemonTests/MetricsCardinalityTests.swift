import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// /metrics at many feeds: what one feed adds to a scrape is a few counters and a gauge,
/// not a histogram of its own (13 series a feed: 260,000 at 20,000 feeds, 30 MB a scrape).
@Suite struct MetricsCardinalityTests {
    @Test func aFeedHasCountersAndAGaugeButNoHistogramOfItsOwn() {
        let metrics = DaemonMetrics()
        let feeds = 300
        for poll in 0..<2 {
            for i in 0..<feeds {
                let outcome: PollOutcome = poll == 0 ? .fetched(FeedSignals()) : .notModified(FeedSignals())
                var report = FeedPoll.Report(feed: FeedID("desk-\(i)"), outcome: outcome, label: poll == 0 ? "ok" : "not-modified")
                report.newArticles = poll == 0 ? 12 : 0
                report.fetchSeconds = 0.02
                metrics.record(report)
            }
        }
        let samples = metrics.exposition().split(separator: "\n").filter { !$0.hasPrefix("#") }
        let perFeed = samples.filter { $0.contains("feed=\"") }
        // Fetches by outcome (ok, not-modified), the 304 ratio, new articles.
        #expect(perFeed.count == 4 * feeds)
        #expect(samples.count - perFeed.count < 40, "\(samples.filter { !$0.contains("feed=\"") })")
        #expect(samples.contains { $0 == "wirewatch_fetch_duration_seconds_count \(2 * feeds)" })
    }
}

/// A feed a reload removed leaves no series behind in /metrics.
@Suite struct ForgottenFeedMetricsTests {
    @Test func aRemovedFeedHasNoSeries() {
        let metrics = DaemonMetrics()
        for id in ["kept", "gone"] {
            var report = FeedPoll.Report(feed: FeedID(id), outcome: .fetched(FeedSignals()), label: "ok")
            report.newArticles = 3
            metrics.record(report)
        }
        metrics.forget(feeds: [FeedID("gone")])
        let text = metrics.exposition()
        #expect(!text.contains("feed=\"gone\""), "\(text)")
        #expect(text.contains("wirewatch_fetches_total{feed=\"kept\",outcome=\"ok\"} 1"), "\(text)")
        #expect(text.contains("wirewatch_fetch_not_modified_ratio{feed=\"kept\"} 0"), "\(text)")
    }
}

/// The per-feed series live in a table of our own (the registry copied its whole table to add a
/// label set: quadratic over the first polls of 20,000 feeds), written in the text format.
@Suite struct FeedMetricsTests {
    @Test func perFeedSeriesAreWrittenInTheTextFormat() {
        let m = FeedMetrics()
        m.increment("wirewatch_fetches_total", [("outcome", "ok"), ("feed", "b")])
        m.increment("wirewatch_fetches_total", [("feed", "b"), ("outcome", "ok")], by: 2)
        m.increment("wirewatch_fetches_total", [("feed", "say \"hi\"\\\n"), ("outcome", "timeout")])
        m.set("wirewatch_fetch_not_modified_ratio", [("feed", "b")], to: 0.25)
        m.set("wirewatch_fetch_not_modified_ratio", [("feed", "b")], to: 0.5)
        // "\r\n" is one Character, and so is a quote with a combining mark after it: escaped all the same.
        m.increment("wirewatch_fetches_total", [("feed", "a\r\nb"), ("outcome", "ok")])
        m.increment("wirewatch_fetches_total", [("feed", "q\"\u{301}x"), ("outcome", "ok")])
        #expect(m.exposition() == """
            # TYPE wirewatch_fetch_not_modified_ratio gauge
            wirewatch_fetch_not_modified_ratio{feed="b"} 0.5
            # TYPE wirewatch_fetches_total counter
            wirewatch_fetches_total{feed="a\r\\nb",outcome="ok"} 1
            wirewatch_fetches_total{feed="b",outcome="ok"} 3
            wirewatch_fetches_total{feed="q\\"\u{301}x",outcome="ok"} 1
            wirewatch_fetches_total{feed="say \\"hi\\"\\\\\\n",outcome="timeout"} 1

            """)
    }
}
