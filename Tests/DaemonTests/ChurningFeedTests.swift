import Fetching
import Foundation
import Synchronization
import Testing
import TestSupport

/// A feed whose entries change on every poll (a timestamp in each description), as an operator meets
/// it: the daemon judges each entry's edits at most `poll.max_edits` times, then only counts them, and
/// says so in `wirewatch feeds`, in /metrics and once in its log.
@Suite struct ChurningFeedTests {
    struct Row: Decodable {
        var id: String
        var entriesEdited: Int
        var editsNotJudged: Int
    }

    /// Three entries whose descriptions change on every request; `requested` hears each request's path.
    static func ticker(requested: @escaping @Sendable (String) -> Void = { _ in }) async throws -> LoopbackHTTPServer {
        let polls = Mutex(0)
        return try await LoopbackHTTPServer { request in
            requested(request.path)
            let n = polls.withLock { $0 += 1; return $0 }
            let items = (1...3).map { i in
                "<item><guid>tick-\(i)</guid><title>Ticker \(i)</title><description>Prices as of request \(n).</description></item>"
            }.joined()
            return .init(headers: [("Content-Type", "application/rss+xml")],
                         text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Ticker</title>\(items)</channel></rss>")
        }
    }

    @Test func aFeedThatChangesEveryEntryOnEveryPollIsJudgedBoundedlyAndShows() async throws {
        let server = try await Self.ticker()
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/ticker.xml", interval: "1s")
        try install.appendConfig("poll:\n  max_edits: 1\nadmin:\n  listen: 127.0.0.1:0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }

        // Poll 1: three new entries; poll 2: three edits judged; from poll 3 on, three edits counted only.
        #expect(await eventually(timeout: 60) { ((try? await Self.row(install))?.editsNotJudged ?? 0) >= 6 }, "\(daemon.stderr)")
        let row = try await Self.row(install)
        #expect(row.entriesEdited - row.editsNotJudged == 3, "\(row)")
        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(table.contains("EDITS") && table.contains("not judged)"), "\(table)")
        #expect(table.contains("test-desk: ") && table.contains("edits past poll.max_edits not judged"), "\(table)")

        let admin = try #require(LifecycleTests.adminAddress(daemon.stderr))
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        // A poll is counted in /metrics just after its commit: the scrape may trail the store by one poll.
        let notJudged = "wirewatch_entries_edited_total{feed=\"test-desk\",judged=\"no\"}"
        #expect(await eventually { ((try? await LifecycleTests.scrape(fetcher, admin))?[notJudged] ?? 0) >= 6 })
        let metrics = try await LifecycleTests.scrape(fetcher, admin)
        #expect(metrics["wirewatch_entries_edited_total{feed=\"test-desk\",judged=\"yes\"}"] == 3)
        // The log warns once, not at every poll.
        let warnings = daemon.stderr.split(separator: "\n").filter { $0.contains("feed entries keep changing") }
        #expect(warnings.count == 1 && warnings.first?.contains("test-desk") == true, "\(warnings)")
        #expect(install.alertLines().isEmpty)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// A feed given a new URL starts its validators afresh but keeps its edit counts: the warning is not said again.
    @Test func aFeedMovedToANewURLDoesNotWarnAgain() async throws {
        let moved = Mutex(false)
        let server = try await Self.ticker { path in if path == "/moved/ticker.xml" { moved.withLock { $0 = true } } }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/ticker.xml", interval: "1s")
        try install.appendConfig("poll:\n  max_edits: 0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { ((try? await Self.row(install))?.editsNotJudged ?? 0) >= 3 }, "\(daemon.stderr)")
        #expect(await eventually { daemon.stderr.contains("feed entries keep changing") }, "\(daemon.stderr)")

        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "/ticker.xml", with: "/moved/ticker.xml")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("reloaded") }, "\(daemon.stderr)")
        let before = try await Self.row(install).editsNotJudged
        // Two polls at the new URL, each listing the three entries edited again.
        #expect(await eventually(timeout: 60) { ((try? await Self.row(install))?.editsNotJudged ?? 0) >= before + 6 }, "\(daemon.stderr)")
        #expect(moved.withLock { $0 })
        let warnings = daemon.stderr.split(separator: "\n").filter { $0.contains("feed entries keep changing") }
        #expect(warnings.count == 1, "\(warnings)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    struct FeedsFailed: Error { var stderr: String }

    static func row(_ install: TestInstall) async throws -> Row {
        // Throws rather than records: polled while the daemon is still creating its store, `feeds` refuses it.
        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        guard status == 0 else { throw FeedsFailed(stderr: stderr) }
        return try #require(try JSONDecoder().decode([Row].self, from: Data(json.utf8)).first)
    }
}
