import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// /metrics at many feeds: what one feed adds to a scrape is a few counters and a gauge,
/// not a histogram of its own (13 series a feed: 260,000 at 20,000 feeds, 30 MB a scrape).
@Suite struct MetricsCardinalityTests {
    @Test func aFeedAddsAtMostFourSeries() {
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
