import Analysis
import Daemon
import FeedParsing
import Foundation
import Store
import WirewatchCore

/// The pure part of a poll answered 200 with nothing new: parse the document, then sort its entries
/// (`EntryRevisions`) against a store that has seen every one of them. Timed in CPU seconds of this
/// thread, each feed in two modes, interleaved:
///
/// - `cleaned`: the stored rows have a content hash but no raw hash, which is the path every seen entry
///   took before raw hashes were kept (and an older store's rows take once): each is cleaned and hashed.
/// - `raw`: the rows have both, as a store has them after one poll: an unchanged entry is not cleaned.
///
/// `poll-bench SECONDS FILE...` prints one line per file and mode:
/// "file mode entries polls parse_seconds revisions_seconds cleanings_per_poll".
@main
enum PollBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let budget = Double(arguments.removeFirst()) else {
            FileHandle.standardError.write(Data("usage: poll-bench SECONDS FILE...\n".utf8))
            exit(2)
        }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read file\n".utf8))
                exit(1)
            }
            let url = URL(fileURLWithPath: path).absoluteString
            guard case .feed(let first) = FeedParser.parse(data, url: url) else {
                FileHandle.standardError.write(Data("\(path): not a feed\n".utf8))
                exit(1)
            }
            let feed = FeedID("bench")
            let articles = first.entries.map { Article($0, feed: feed, language: first.language) }
            // What the store holds after the previous poll of the same document.
            let seenRaw = Dictionary(articles.map { ($0.key, SeenEntry(contentHash: ContentHash.of($0), rawHash: RawContentHash.of($0))) },
                                     uniquingKeysWith: { a, _ in a })
            let seenCleaned = seenRaw.mapValues { SeenEntry(contentHash: $0.contentHash, edits: $0.edits) }
            var totals = [Mode.cleaned: Total(), Mode.raw: Total()]
            // Rounds of ~budget/10 CPU seconds per mode, alternating, so drift on a shared machine hits both.
            for _ in 0..<10 {
                for mode in [Mode.cleaned, .raw] {
                    let seen = mode == .cleaned ? seenCleaned : seenRaw
                    let start = cpuSeconds()
                    while cpuSeconds() - start < budget / 10 {
                        totals[mode]!.add(poll(data, url: url, feed: feed, seen: seen))
                    }
                }
            }
            for mode in [Mode.cleaned, .raw] {
                let t = totals[mode]!
                print(URL(fileURLWithPath: path).lastPathComponent, mode.rawValue, articles.count, t.polls,
                      String(format: "%.6f %.6f %.2f", t.parse, t.revisions, Double(t.cleanings) / Double(max(t.polls, 1))))
            }
        }
    }

    enum Mode: String { case cleaned, raw }

    struct Total {
        var polls = 0
        var parse = 0.0
        var revisions = 0.0
        var cleanings = 0
        mutating func add(_ poll: (parse: Double, revisions: Double, cleanings: Int)) {
            polls += 1; parse += poll.parse; revisions += poll.revisions; cleanings += poll.cleanings
        }
    }

    /// One poll's pure part, as `FeedPoll.poll` runs it.
    static func poll(_ data: Data, url: String, feed: FeedID, seen: [String: SeenEntry]) -> (parse: Double, revisions: Double, cleanings: Int) {
        let start = cpuSeconds()
        guard case .feed(let parsed) = FeedParser.parse(data, url: url) else { fatalError("not a feed any more") }
        let articles = parsed.entries.map { Article($0, feed: feed, language: parsed.language) }
        let parsedAt = cpuSeconds()
        var cleanings = 0
        let revisions = EntryRevisions(articles: articles, seen: seen, maxEdits: 10, rawHash: RawContentHash.of,
                                       hash: { cleanings += 1; return ContentHash.of($0) })
        let end = cpuSeconds()
        // Nothing is new and nothing is an edit: a bench that judged something would time the wrong path.
        precondition(revisions.judged.isEmpty && revisions.editsNotJudged == 0, "an unchanged document was judged")
        return (parsedAt - start, end - parsedAt, cleanings)
    }

    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
