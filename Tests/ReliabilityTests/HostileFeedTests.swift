import Foundation
import Synchronization
import Testing
import TestSupport

/// One daemon polls every feed of `HostileFeed.all` and two ordinary feeds
/// over loopback. Each hostile feed ends in the state the table names, with
/// its message in `wirewatch feeds --json` (a feed read with repairs is
/// "salvaged", its articles flowing, its warning logged once); nothing a document points at is
/// read or fetched; the ordinary feeds keep being polled on time and still
/// alert; and the daemon's peak RSS stays under `peakBound`.
@Suite struct HostileFeedTests {
    /// The peak resident set the daemon may reach (VmHWM), whatever the feeds send.
    static let peakBound = 200 << 20
    /// The ordinary feeds are polled every second; no gap between two of their polls may exceed this.
    /// A feed starved behind the hostile ones would wait out their fetch timeout (`pollTimeout`, longer
    /// than this bound); a loaded machine (the whole suite runs in parallel on two cores, and the first
    /// round parses every hostile document at once) stretches gaps to about 10 s but not to 20.
    static let canaryGapBound: TimeInterval = 20
    static let pollTimeout = "30s"

    struct FeedRow: Decodable {
        var id: String
        var lastResult: String?
        var lastError: String?
    }

    /// When each path was requested.
    final class Arrivals: Sendable {
        private let times = Mutex<[String: [Date]]>([:])
        func record(_ path: String) { times.withLock { $0[path, default: []].append(Date()) } }
        func of(_ path: String) -> [Date] { times.withLock { $0[path] ?? [] } }
    }

    @Test func hostileFeedsFailAloneWhileTheOthersKeepTheirPace() async throws {
        let desk = NewsDesk()
        let wire = WireService(desk: desk, paths: ["/canary-1.xml", "/canary-2.xml"])
        let hostile = Dictionary(uniqueKeysWithValues: HostileFeed.all.map { ($0.path, $0) })
        let arrivals = Arrivals()
        let base = Mutex("")
        // The hostile feeds share one site; the ordinary ones live on another, as they would
        // (the fetcher's per-host politeness rightly queues a site's feeds behind each other).
        let server = try await LoopbackHTTPServer { request in
            arrivals.record(request.path)
            return hostile[request.path]?.response(base.withLock { $0 }) ?? .init(status: 404, text: "no")
        }
        let news = try await LoopbackHTTPServer { request in
            arrivals.record(request.path)
            return desk.respond(request)
        }
        defer { Task { await server.shutdown(); await news.shutdown() } }
        base.withLock { $0 = server.baseURL }
        _ = (HostileFeed.hundredThousandItems, HostileFeed.deepNesting, GzipBomb.unit)

        let feeds = wire.paths.map { (String($0.dropFirst().dropLast(4)), news.baseURL + $0) }
            + HostileFeed.all.map { ($0.id, server.baseURL + $0.path) }
        // The hostile feeds come round every 3 s (after each failure, backing off): often enough to be
        // read several times, seldom enough not to starve the rest of the test suite of CPU.
        let install = try DaemonInstall(feeds: feeds, rules: WireService.rule,
                                        intervals: Dictionary(uniqueKeysWithValues: HostileFeed.all.map { ($0.id, "3s") }),
                                        extraConfig: "poll: { timeout: \(Self.pollTimeout) }")
        var random = SeededRandom(seed: 5)
        wire.publish(0, random: &random)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }

        // Every hostile feed has been polled and has a result (the trickle is cut by the low-speed abort, 20 s).
        var rows: [String: FeedRow] = [:]
        let settled = await eventually(timeout: 120, every: 1) {
            rows = (try? await Self.feedRows(install)) ?? [:]
            return HostileFeed.all.allSatisfy { rows[$0.id]?.lastResult != nil }
        }
        #expect(settled, "unsettled: \(HostileFeed.all.filter { rows[$0.id]?.lastResult == nil }.map(\.id)); \(daemon.stderr.suffix(2000))")

        // The ordinary feeds still alert.
        for i in 1...6 { wire.publish(i, random: &random) }
        let expected = wire.matching
        #expect(await eventually(timeout: 30) {
            Set(AlertLogLines(path: install.alertLog).records.compactMap { $0.article.url.map(CrashSafetyTests.guid) }).isSuperset(of: expected)
        })
        let memory = try #require(ProcessMemory(pid: daemon.pid))
        let ended = Date()
        daemon.signal(SIGTERM)
        // A poll busy parsing a hostile document cannot be aborted like a fetch: on a loaded
        // machine the stop may take up to its bound, drain_timeout (20 s) + 10 s, and a moment more.
        #expect(await daemon.wait(timeout: 45) == 0, "\(daemon.stderr.suffix(2000))")

        rows = try await Self.feedRows(install)
        for feed in HostileFeed.all {
            let row = try #require(rows[feed.id])
            print("hostile feeds: \(feed.id): \(row.lastResult ?? "-"): \(row.lastError ?? "")")
            switch feed.outcome {
            case .failed(let category, let message):
                #expect(row.lastResult == category, "\(feed.id): \(row.lastResult ?? "-"): \(row.lastError ?? "-")")
                #expect(row.lastError?.contains(message) == true, "\(feed.id): \(row.lastError ?? "no error")")
            case .salvaged(let message):
                #expect(row.lastResult == "salvaged", "\(feed.id): \(row.lastResult ?? "-"): \(row.lastError ?? "-")")
                #expect(row.lastError == message.replacingOccurrences(of: "$BASE", with: server.baseURL), "\(feed.id)")
                // Said once per change, not once per poll: the document never changes.
                let polls = arrivals.of(feed.path).count
                let warnings = daemon.stderr.split(separator: "\n").filter { $0.contains("feed salvaged") && $0.contains("feed=\(feed.id) ") }.count
                #expect(warnings >= 1 && (polls < 2 || warnings < polls), "\(feed.id): \(warnings) warnings in \(polls) polls")
            }
        }
        #expect(memory.peakResident <= Self.peakBound, "peak RSS \(memory.peakResident >> 20) MiB")
        print("hostile feeds: daemon peak RSS \(memory.peakResident >> 20) MiB (bound \(Self.peakBound >> 20) MiB)")

        // Polled on time: no long gap between two polls of an ordinary feed.
        for path in wire.paths {
            let times = arrivals.of(path) + [ended]
            let gaps = zip(times, times.dropFirst()).map { $1.timeIntervalSince($0) }
            let gap = gaps.max() ?? .infinity
            print("hostile feeds: \(path) gaps \(gaps.map { String(format: "%.1f", $0) }.joined(separator: " "))")
            #expect(gap <= Self.canaryGapBound, "\(path): \(String(format: "%.1f", gap)) s between two polls")
            #expect(times.count > 1, "\(path) was never polled")
            print("hostile feeds: \(path) polled \(times.count - 1) times, longest gap \(String(format: "%.1f", gap)) s")
        }

        // Nothing a document pointed at was fetched or read.
        for bait in HostileFeed.bait { #expect(arrivals.of(bait).isEmpty, "\(bait) was fetched") }
        let log = AlertLogLines(path: install.alertLog)
        let entityAlert = log.records.first { $0.article.feed.rawValue == "xxe-in-a-feed" }
        #expect(entityAlert != nil, "the matching item of the entity feed raised no alert")
        for file in [install.alertLog, install.storePath, install.storePath + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data("root:x:0:0".utf8)) == nil, "\(file) holds /etc/passwd")
        }
    }

    static func feedRows(_ install: DaemonInstall) async throws -> [String: FeedRow] {
        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        guard status == 0 else { throw FeedsCommandFailed(stderr: stderr) }
        let rows = try JSONDecoder().decode([FeedRow].self, from: Data(json.utf8))
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    struct FeedsCommandFailed: Error { var stderr: String }
}
