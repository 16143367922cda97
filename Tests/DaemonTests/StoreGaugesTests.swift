import Foundation
import Store
import Testing
@testable import Daemon

/// The gauges /metrics reads from the store (outbox depth, a sink's pause) keep what they last said
/// while the store does not answer: a scrape during a database blip read "outbox empty, nothing
/// paused", and an alert built on either cleared while the sink was still paused.
@Suite struct StoreGaugesTests {
    static func value(_ metrics: DaemonMetrics, _ series: String) -> String? {
        metrics.exposition().split(separator: "\n").first { $0.hasPrefix(series + " ") }.map { String($0.dropFirst(series.count + 1)) }
    }

    static let paused = "wirewatch_delivery_paused_until_seconds{sink=\"hook\"}"

    @Test func aStoreThatDoesNotAnswerLeavesTheStoresGaugesAsTheyWere() {
        let metrics = DaemonMetrics()
        var hook = SinkDeliveryStats(sink: "hook")
        hook.pending = 7
        let until = Date(timeIntervalSince1970: 2_000_000_000)
        metrics.refresh(deliveries: [hook], holds: [SinkHold(sink: "hook", until: until, reason: "HTTP 429")], feeds: 1, broken: 0)
        #expect(Self.value(metrics, "wirewatch_outbox_depth") == "7.0")
        #expect(Self.value(metrics, Self.paused) == "2000000000.0")

        metrics.refresh(deliveries: nil, holds: nil, feeds: 1, broken: 0)
        #expect(Self.value(metrics, "wirewatch_outbox_depth") == "7.0")
        #expect(Self.value(metrics, Self.paused) == "2000000000.0")
    }

    @Test func aPauseThatIsOverReadsZeroEvenWhenTheDeliveriesWereNotRead() {
        let metrics = DaemonMetrics()
        metrics.refresh(deliveries: [], holds: [SinkHold(sink: "hook", until: Date(timeIntervalSince1970: 2_000_000_000), reason: "HTTP 429")],
                        feeds: 1, broken: 0)
        metrics.refresh(deliveries: nil, holds: [], feeds: 1, broken: 0)
        #expect(Self.value(metrics, Self.paused) == "0.0")
    }
}
