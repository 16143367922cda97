// One worker batch read from a sink's queue, and a queue drained, before and after
// `v8-delivery-queue`, for bench/outbox/run.sh.
//
//   OutboxBench WORK_DIR [--pending N]... [--runs R] [--drain N]
//
// For each N it fills a store with N alerts pending for one sink (raised 100 a second, one
// alert per article, as a backlog builds while a sink is down) and times one batch of 100
// (`DeliveryWorker.batchLimit`) read through the query before v8 (QueueBeforeV8) and through
// SQLiteStore's, alternately, R times each: first with every delivery never tried, then with
// every one failed once and its retry due (a daemon restarted after a long outage). Then it
// drains N (`--drain`) never-tried deliveries to a sink that accepts everything, with a
// DeliveryWorker on each store, and once more with the v8 query but the marks one by one.
// Prints a table with medians and ratios.
import Delivery
import Foundation
import GRDB
import Logging
import Store
import WirewatchCore

let start = Date(timeIntervalSince1970: 1_800_000_000)
let words = "harbour council budget river senate tariff grain pipeline festival courthouse railway drought vaccine election".split(separator: " ")

func record(_ n: Int, at now: Date) -> (Article, AlertRecord) {
    let text = (0..<60).map { words[($0 * 7 + n * 13) % words.count] }.joined(separator: " ")
    let a = Article(key: "g\(n)", feed: FeedID("wire-\(n % 50)"), url: "https://wire.test/g\(n)",
                    title: "Item \(n) on the wire", summary: text, published: now)
    let r = AlertRecord(id: AlertRecord.id(rule: "distillation", story: "article:" + a.id), time: now, rule: "distillation",
                        severity: .high, article: .init(id: a.id, url: a.url, title: a.title, feed: a.feed, published: a.published, lang: "en"),
                        story: a.id, why: [.init(clause: "DeepSeek", field: "text", span: [0, 8], match: "DeepSeek", snippet: text)],
                        entities: [], topics: [])
    return (a, r)
}

/// A store at `path` with `pending` alerts queued for "hook", 100 raised a second; returns when the last was.
@discardableResult
func fill(_ path: String, pending: Int) throws -> Date {
    let store = try SQLiteStore(path: path)
    var last = start
    for first in stride(from: 0, to: pending, by: 100) {
        last = start.addingTimeInterval(Double(first / 100))
        let items = (first..<min(pending, first + 100)).map { n in
            let (a, r) = record(n, at: last)
            return ArticleBatch.Item(article: a, alerts: [OutboxAlert(record: r, sinks: ["hook"])])
        }
        try store.commit(ArticleBatch(state: FeedState(feed: FeedID("wire"), url: "http://127.0.0.1/wire.xml"), items: items), now: last)
    }
    return last
}

/// Every pending delivery failed once, its retry due a minute after its alert was raised.
func failAll(_ path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        try db.execute(sql: """
            UPDATE delivery SET attempts = 1, first_attempt = queued_at, last_error = 'HTTP 503',
                   next_attempt = strftime('%Y-%m-%d %H:%M:%f', queued_at, '+60 seconds')
            WHERE state = 'pending'
            """)
    }
}

func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }

/// Median milliseconds of one batch read through each store, alternating, after one warm-up each.
func timeBatch(old: any WirewatchStore, new: any WirewatchStore, now: Date, runs: Int) throws -> (old: Double, new: Double) {
    let clock = ContinuousClock()
    let reference = try old.dueDeliveries(sink: "hook", now: now, limit: DeliveryWorker.batchLimit).map(\.record.id)
    guard try new.dueDeliveries(sink: "hook", now: now, limit: DeliveryWorker.batchLimit).map(\.record.id) == reference,
          reference.count == DeliveryWorker.batchLimit else { fatalError("the two queries disagree") }
    var o: [Double] = [], n: [Double] = []
    for _ in 0..<runs {
        o.append(milliseconds(try clock.measure { _ = try old.dueDeliveries(sink: "hook", now: now, limit: DeliveryWorker.batchLimit) }))
        n.append(milliseconds(try clock.measure { _ = try new.dueDeliveries(sink: "hook", now: now, limit: DeliveryWorker.batchLimit) }))
    }
    return (median(o), median(n))
}

struct AcceptingSink: AlertSink {
    let id = "hook"
    func deliver(_ record: AlertRecord) async -> DeliveryOutcome { .delivered }
}

struct StoppedClock: WirewatchClock {
    let at: Date
    func now() -> Date { at }
    func sleep(until deadline: Date) async throws {}
}

/// Seconds to drain the queue of `store` with one worker (batches of 100, one at a time).
func drain(_ store: any WirewatchStore, now: Date, expecting count: Int) async throws -> Double {
    let worker = DeliveryWorker(sink: AcceptingSink(), store: store, policy: RetryPolicy(), clock: StoppedClock(at: now),
                                doorbell: Doorbell(), logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
    let began = ContinuousClock.now
    while try await worker.drainOnce() > 0 {}
    let took = milliseconds(ContinuousClock.now - began) / 1000
    guard try store.deliveryCounts() == DeliveryCounts(delivered: count) else { fatalError("queue not drained") }
    return took
}

var args = Array(CommandLine.arguments.dropFirst())
let work = args.removeFirst()
var sizes: [Int] = [], runs = 15, drainSize = 10_000
while !args.isEmpty {
    switch args.removeFirst() {
    case "--pending": sizes.append(Int(args.removeFirst())!)
    case "--runs": runs = Int(args.removeFirst())!
    case "--drain": drainSize = Int(args.removeFirst())!
    case let other: fatalError("unknown argument \(other)")
    }
}

func row(_ cells: [String]) { print(cells.map { $0.padding(toLength: max(14, $0.count), withPad: " ", startingAt: 0) }.joined()) }
row(["pending", "deliveries", "before v8 ms", "v8 ms", "before / v8"])
for size in sizes {
    let path = "\(work)/queue-\(size).sqlite"
    let last = try fill(path, pending: size)
    let new = try SQLiteStore(path: path), old = try QueueBeforeV8(path: path)
    let fresh = try timeBatch(old: old, new: new, now: last, runs: runs)
    row(["\(size)", "never tried", String(format: "%.2f", fresh.old), String(format: "%.2f", fresh.new), String(format: "%.1fx", fresh.old / fresh.new)])
    try failAll(path)
    let retried = try timeBatch(old: old, new: new, now: last.addingTimeInterval(60), runs: runs)
    row(["\(size)", "retries due", String(format: "%.2f", retried.old), String(format: "%.2f", retried.new), String(format: "%.1fx", retried.old / retried.new)])
}

let paths = ["before", "marks", "v8"].map { "\(work)/drain-\($0).sqlite" }
var last = start
for path in paths { last = try fill(path, pending: drainSize) }
let drainedOld = try await drain(QueueBeforeV8(path: paths[0]), now: last, expecting: drainSize)
let drainedMarks = try await drain(QueueBeforeV8(path: paths[1], v8Query: true), now: last, expecting: drainSize)
let drainedNew = try await drain(SQLiteStore(path: paths[2]), now: last, expecting: drainSize)
print("")
row(["drained", "sink", "before v8 s", "v8 s", "before / v8", "v8 query, marks one by one s"])
row(["\(drainSize)", "accepts all", String(format: "%.2f", drainedOld), String(format: "%.2f", drainedNew),
     String(format: "%.1fx", drainedOld / drainedNew), String(format: "%.2f", drainedMarks)])
print("(medians of \(runs) batch reads each; before v8: every due delivery read and sorted, one transaction per delivered mark)")
