import CoreMetrics
import Foundation
import Prometheus
import Store
import Synchronization
import WirewatchCore

/// Every metric the daemon exports, named in one place. The pipeline records
/// through swift-metrics into a Prometheus registry of its own (no global
/// bootstrap), and /metrics renders that registry. Delivery figures are read
/// from the outbox at scrape time, so they count what the store holds,
/// whichever worker did the work.
final class DaemonMetrics: Sendable {
    enum Name {
        static let fetches = "wirewatch_fetches_total"
        static let fetchDuration = "wirewatch_fetch_duration_seconds"
        static let notModifiedRatio = "wirewatch_fetch_not_modified_ratio"
        static let parseErrors = "wirewatch_parse_errors_total"
        static let articles = "wirewatch_articles_total"
        static let entriesEdited = "wirewatch_entries_edited_total"
        static let alerts = "wirewatch_alerts_total"
        static let deliveryAttempts = "wirewatch_delivery_attempts_total"
        static let deliveryFailures = "wirewatch_delivery_failures_total"
        static let deliveries = "wirewatch_deliveries"
        static let outboxDepth = "wirewatch_outbox_depth"
        static let deliveryPausedUntil = "wirewatch_delivery_paused_until_seconds"
        static let sinkUp = "wirewatch_sink_up"
        static let rulesLoaded = "wirewatch_rules_loaded"
        static let feeds = "wirewatch_feeds"
        static let reloads = "wirewatch_reloads_total"
        static let pruned = "wirewatch_store_pruned_rows_total"
        static let pruneLongestBatch = "wirewatch_store_prune_longest_batch_seconds"
        static let storeBytes = "wirewatch_store_bytes"
        static let storeFreeBytes = "wirewatch_store_free_bytes"
        static let liveDaemons = "wirewatch_live_daemons"
        static let preferredFeeds = "wirewatch_preferred_feeds"
        static let storeUp = "wirewatch_store_up"
        static let storeWritesFailing = "wirewatch_store_writes_failing"
    }

    let registry = PrometheusCollectorRegistry()
    /// The series labelled by feed, outside the registry (see FeedMetrics).
    private let perFeed = FeedMetrics()
    private let factory: PrometheusMetricsFactory
    /// Per feed: 304 answers and all answers that were not errors.
    private let conditional = Mutex<[FeedID: (notModified: Int, answered: Int)]>([:])
    /// The store's delivery counters as last mirrored, so the exported counters only grow.
    /// Every sink a pause gauge was set for, so that it reads 0 again when the pause is over.
    private let pausedSinks = Mutex<Set<String>>([])
    /// `wirewatch_sink_up`, outside the registry as the per-feed series are: a sink a reload takes out
    /// loses its series rather than reading "down".
    private let sinkUp = Mutex<[String: Bool]>([:])

    init() {
        var f = PrometheusMetricsFactory(registry: registry)
        f.defaultDurationHistogramBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60].map { .milliseconds(Int64($0 * 1000)) }
        factory = f
        for result in ["ok", "failed"] { counter(Name.reloads, ["result": result]).increment(by: 0) }
        storeWrites(failing: false)
    }

    func record(_ report: FeedPoll.Report) {
        let feed = report.feed.rawValue
        perFeed.increment(Name.fetches, [("feed", feed), ("outcome", report.label)])
        // One histogram for all feeds: per feed it was 13 series a feed (260,000 at 20,000 feeds);
        // a slow feed shows in `wirewatch feeds` and in its fetch outcomes (timeout).
        CoreMetrics.Timer(label: Name.fetchDuration, dimensions: [], factory: factory)
            .recordNanoseconds(Int64(report.fetchSeconds * 1e9))
        if report.label == "parse" { perFeed.increment(Name.parseErrors, [("feed", feed)]) }
        if report.newArticles > 0 { perFeed.increment(Name.articles, [("feed", feed)], by: report.newArticles) }
        for (judged, n) in [("yes", report.edits), ("no", report.editsNotJudged)] where n > 0 {
            perFeed.increment(Name.entriesEdited, [("feed", feed), ("judged", judged)], by: n)
        }
        for alert in report.alerts {
            counter(Name.alerts, ["rule": alert.rule, "severity": alert.severity.rawValue]).increment()
        }
        let answered: Bool
        switch report.outcome {
        case .fetched, .notModified: answered = true
        case .failed(let f): answered = f.category == "parse"
        }
        if answered {
            let ratio = conditional.withLock { c -> Double in
                var v = c[report.feed] ?? (0, 0)
                v.answered += 1
                if report.label == "not-modified" { v.notModified += 1 }
                c[report.feed] = v
                return Double(v.notModified) / Double(v.answered)
            }
            perFeed.set(Name.notModifiedRatio, [("feed", feed)], to: ratio)
        }
    }

    /// Drops the per-feed series of feeds a reload removed.
    func forget(feeds: Set<FeedID>) {
        conditional.withLock { c in for feed in feeds { c[feed] = nil } }
        perFeed.forget(feeds: Set(feeds.map(\.rawValue)))
    }

    func recordReload(ok: Bool) { counter(Name.reloads, ["result": ok ? "ok" : "failed"]).increment() }

    func record(_ maintenance: StoreMaintenance.Report) {
        for (table, n) in maintenance.deleted { counter(Name.pruned, ["table": table.rawValue]).increment(by: n) }
        if maintenance.deliveries > 0 { counter(Name.pruned, ["table": "deliveries"]).increment(by: maintenance.deliveries) }
        gauge(Name.pruneLongestBatch, [:]).record(maintenance.longestHoldSeconds)
    }

    func storeSpace(_ space: StoreSpace) {
        gauge(Name.storeBytes, [:]).record(space.bytes)
        gauge(Name.storeFreeBytes, [:]).record(space.freePages * space.pageSize)
    }

    /// On a shared store: the daemons this one counts as live (itself included), and how many of the
    /// configured feeds prefer it (`PollShare`).
    func share(_ share: PollShare, feeds: [FeedID]) {
        gauge(Name.liveDaemons, [:]).record(share.live.count)
        gauge(Name.preferredFeeds, [:]).record(share.preferredCount(feeds))
    }

    /// 1 while the store answers, 0 while /readyz says it does not (`StoreHealth`).
    func storeUp(_ up: Bool) { gauge(Name.storeUp, [:]).record(up ? 1 : 0) }

    /// 1 while the store refuses the daemon's writes (`StoreWriteTrouble`: a full disk, a read-only remount), which
    /// `wirewatch_store_up` and /readyz cannot see, as their check writes nothing; 0 once a poll's entries are stored.
    func storeWrites(failing: Bool) { gauge(Name.storeWritesFailing, [:]).record(failing ? 1 : 0) }

    func rulesLoaded(_ count: Int) { gauge(Name.rulesLoaded, [:]).record(count) }

    /// Reads what lives in the store and in the scheduler just before a scrape.
    /// Counts, not the schedules: a scrape at 20,000 feeds copies none (the monitor keeps the broken ones).
    /// `salvaged`: feeds (not broken) whose last document was read with repairs; `failing`: feeds (neither)
    /// whose last poll failed, which `broken_after` may count as broken only hours later.
    /// `holds`: the sinks their receivers asked to wait, whose pause end is exported as unix seconds (0: not paused).
    /// `deliveries` and `holds` are nil when the store did not answer: their gauges then keep what they
    /// last said, as a scrape during a database blip must not read "outbox empty, nothing paused".
    func refresh(deliveries: [SinkDeliveryStats]?, holds: [SinkHold]? = [], feeds: Int, broken: Int, salvaged: Int = 0,
                 failing: Int = 0) {
        gauge(Name.feeds, ["state": "ok"]).record(feeds - broken - salvaged - failing)
        gauge(Name.feeds, ["state": "failing"]).record(failing)
        gauge(Name.feeds, ["state": "salvaged"]).record(salvaged)
        gauge(Name.feeds, ["state": "broken"]).record(broken)
        if let deliveries {
            gauge(Name.outboxDepth, [:]).record(deliveries.reduce(0) { $0 + $1.pending })
            for s in deliveries {
                for (state, n) in [("pending", s.pending), ("delivered", s.delivered), ("dead", s.dead)] {
                    gauge(Name.deliveries, ["sink": s.sink, "state": state]).record(n)
                }
                // Its attempt counters exist from the first scrape, at 0, before any attempt.
                counter(Name.deliveryAttempts, ["sink": s.sink]).increment(by: 0)
                counter(Name.deliveryFailures, ["sink": s.sink]).increment(by: 0)
            }
        }
        guard let holds else { return }
        let pausedUntil = Dictionary(holds.map { ($0.sink, $0.until.timeIntervalSince1970) }, uniquingKeysWith: max)
        // A sink paused before is set back to 0 when its pause is over, whether or not its deliveries were read.
        let sinks = pausedSinks.withLock { known in
            known.formUnion(pausedUntil.keys)
            return known.union((deliveries ?? []).map(\.sink))
        }
        for sink in sinks {
            gauge(Name.deliveryPausedUntil, ["sink": sink]).record(pausedUntil[sink] ?? 0)
        }
    }

    /// The Prometheus text exposition.
    func exposition() -> String { registry.emitToString() + perFeed.exposition() + sinkUpExposition() }

    /// Whether each sink of the config runs (1) or could not start (0), as the delivery crew last said.
    func sinksUp(_ up: [String: Bool]) { sinkUp.withLock { $0 = up } }

    private func sinkUpExposition() -> String {
        let up = sinkUp.withLock { $0 }
        guard !up.isEmpty else { return "" }
        return "# TYPE \(Name.sinkUp) gauge\n" + up.sorted { $0.key < $1.key }.map { sink, running in
            "\(Name.sinkUp){sink=\"\(FeedMetrics.escape(sink))\"} \(running ? 1 : 0)\n"
        }.joined()
    }

    /// Delivery attempts of this process, counted as the workers record them: read from the outbox, the counts
    /// fell with each retention prune and the counter stood still until the outbox outgrew its old size.
    func recordAttempts(sink: String, count: Int, failed: Bool) {
        counter(Name.deliveryAttempts, ["sink": sink]).increment(by: count)
        if failed { counter(Name.deliveryFailures, ["sink": sink]).increment(by: count) }
    }

    private func counter(_ name: String, _ labels: [String: String]) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, factory: factory)
    }

    private func gauge(_ name: String, _ labels: [String: String]) -> CoreMetrics.Recorder {
        CoreMetrics.Recorder(label: name, dimensions: labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, aggregate: false,
                             factory: factory)
    }
}
