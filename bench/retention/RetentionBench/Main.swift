// How long pruning holds the store's write lock, and what a pipeline commit waits
// meanwhile, for bench/retention/run.sh.
//
//   RetentionBench FILLED.sqlite WORK_DIR [--fill] [--feeds F] [--minutes M] [--batch N]...
//
// `--fill` builds FILLED.sqlite as the soak would after M minutes: F feeds that gain an
// entry a minute and list their last 20, one entry in 20 alerting and delivered at once.
// Otherwise, for each batch size (0: one transaction per table, as an unbatched prune
// would), it copies FILLED to WORK_DIR, prunes the older half while another thread
// commits a poll every 5 ms, and prints one tab-separated line: batch size, rows
// deleted, transactions, longest and 99th-percentile hold (ms), total seconds, the
// longest a commit took meanwhile (ms), commits made, and the file's size (MiB).
import Foundation
import Store
import Synchronization
import WirewatchCore

let start = Date(timeIntervalSince1970: 1_800_000_000)
let words = "harbour council budget river senate tariff grain pipeline festival courthouse railway drought vaccine election".split(separator: " ")

func item(_ feed: Int, _ n: Int) -> Article {
    let text = (0..<60).map { words[($0 * 7 + n * 13 + feed) % words.count] }.joined(separator: " ")
    return Article(key: "f\(feed)-g\(n)", feed: FeedID("soak-\(feed)"), url: "https://soak.test/f\(feed)-g\(n)",
                   title: "Item \(n) of feed \(feed)", summary: text, published: start.addingTimeInterval(Double(n) * 60))
}

func record(_ a: Article, at now: Date) -> AlertRecord {
    AlertRecord(id: AlertRecord.id(rule: "distillation", story: "article:" + a.id), time: now, rule: "distillation", severity: .high,
                article: .init(id: a.id, url: a.url, title: a.title, feed: a.feed, published: a.published, lang: "en"),
                story: a.id, why: [.init(clause: "DeepSeek", field: "text", span: [0, 8], match: "DeepSeek", snippet: a.summary)],
                entities: [], topics: [])
}

/// One poll of `feed` at minute `n`: a new entry, the document's 20, maybe an alert delivered at once.
func poll(_ store: SQLiteStore, feed: Int, minute n: Int) throws {
    let now = start.addingTimeInterval(Double(n) * 60)
    let a = item(feed, n)
    let alerts = (feed + n) % 20 == 0 ? [OutboxAlert(record: record(a, at: now), sinks: ["alert-log", "hook"])] : []
    let listing = FeedListing(keys: (max(0, n - 19)...n).map { "f\(feed)-g\($0)" }, refreshAfter: 300)
    let ids = try store.commit(ArticleBatch(state: FeedState(feed: a.feed, url: "http://127.0.0.1/soak-\(feed).xml"),
                                            items: [.init(article: a, alerts: alerts)], listing: listing), now: now)
    for id in ids { for sink in ["alert-log", "hook"] { try store.markDelivered(alert: id, sink: sink, now: now) } }
}

func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

struct Options {
    var filled = "", work = "", fill = false, feeds = 2000, minutes = 60, batches: [Int] = []

    init(_ arguments: [String]) {
        var args = arguments
        filled = args.removeFirst()
        work = args.removeFirst()
        while !args.isEmpty {
            switch args.removeFirst() {
            case "--fill": fill = true
            case "--feeds": feeds = Int(args.removeFirst())!
            case "--minutes": minutes = Int(args.removeFirst())!
            case "--batch": batches.append(Int(args.removeFirst())!)
            case let other: fatalError("unknown argument \(other)")
            }
        }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let (filled, work, fill, feeds, minutes, batches) = (options.filled, options.work, options.fill, options.feeds, options.minutes, options.batches)

if fill {
    let store = try SQLiteStore(path: filled)
    for n in 0..<minutes { for f in 0..<feeds { try poll(store, feed: f, minute: n) } }
    try store.checkpointAndOptimize()
    exit(0)
}

for batch in batches {
    let path = (work as NSString).appendingPathComponent("prune-\(batch).sqlite")
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.copyItem(atPath: filled, toPath: path)
    let store = try SQLiteStore(path: path)
    let middle = start.addingTimeInterval(Double(minutes) * 30)
    let cutoffs = PruneCutoffs(articles: middle, alerts: middle, seen: middle, stories: middle, throttles: middle,
                               hostHolds: middle, configuredFeeds: Set((0..<feeds).map { FeedID("soak-\($0)") }))
    // The pipeline: a poll committed every 5 ms while the prune runs, each timed from call to return.
    let done = Atomic<Bool>(false)
    let commits = Mutex<[Double]>([])
    let pipeline = Thread {
        var n = minutes
        while !done.load(ordering: .relaxed) {
            let t = ContinuousClock.now
            try! poll(store, feed: n % feeds, minute: n)
            let took = milliseconds(t.duration(to: .now))
            commits.withLock { $0.append(took) }
            n += 1
            Thread.sleep(forTimeInterval: 0.005)
        }
    }
    pipeline.start()
    Thread.sleep(forTimeInterval: 0.2)
    var sweep = RetentionSweep(store: store, cutoffs: cutoffs, batchSize: batch == 0 ? Int(Int32.max) : batch)
    var holds: [Double] = []
    var rows = 0
    let began = ContinuousClock.now
    while let b = try sweep.next() {
        holds.append(milliseconds(b.held))
        rows += b.rows + b.deliveries
    }
    let total = milliseconds(began.duration(to: .now)) / 1000
    Thread.sleep(forTimeInterval: 0.2)
    done.store(true, ordering: .relaxed)
    while !pipeline.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    let sorted = holds.sorted()
    let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    let waits = commits.withLock { $0 }
    let size = try store.space()
    print([batch, rows, holds.count].map(String.init).joined(separator: "\t") + "\t"
          + [sorted.last ?? 0, p99, total, waits.max() ?? 0].map { String(format: "%.1f", $0) }.joined(separator: "\t")
          + "\t\(waits.count)\t" + String(format: "%.1f", Double(size.bytes) / 1_048_576))
}
