import Foundation
import Synchronization
import Testing
import TestSupport

/// Reloads that change the poll settings, and server hints, as an operator meets them with a running
/// daemon: a shorter `poll.interval` or `poll.max_interval` takes effect at once (trial finding 29),
/// and `wirewatch feeds` says when a feed's `<ttl>` put its next poll back (trial finding 16).
@Suite struct ScheduleReloadTests {
    struct Row: Decodable {
        struct Hint: Decodable {
            var kind: String
            var seconds: Double
            var cap: Double
        }
        var id: String
        var nextPoll: Date?
        var serverHint: Hint?
    }

    /// One feed at `/feed.xml`, its `<channel>` carrying `channelExtra`; counts its requests.
    final class Requests: Sendable {
        let count = Mutex(0)
        func withLock<T>(_ body: (inout Int) -> T) -> T { count.withLock { body(&$0) } }
    }

    static func site(channelExtra: String = "") async throws -> (LoopbackHTTPServer, Requests) {
        let requests = Requests()
        let server = try await LoopbackHTTPServer { _ in
            requests.withLock { $0 += 1 }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>\(channelExtra)
                <item><guid>w1</guid><title>Sunny weekend ahead</title><description>Warm and dry.</description></item>
                </channel></rss>
                """)
        }
        return (server, requests)
    }

    /// An install whose one feed has no interval of its own: `poll:` decides.
    static func install(_ server: LoopbackHTTPServer, poll: String, store: String = "var/state.sqlite") throws -> TestInstall {
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", store: store)
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try (text.replacingOccurrences(of: "    interval: 1s\n", with: "") + "\npoll:\n" + poll + "\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        return install
    }

    static func edit(_ install: TestInstall, _ from: String, _ to: String) throws {
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        #expect(text.contains(from))
        try text.replacingOccurrences(of: from, with: to).write(toFile: install.configPath, atomically: true, encoding: .utf8)
    }

    struct FeedsFailed: Error { var stderr: String }

    static func row(_ install: TestInstall) async throws -> Row {
        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        guard status == 0 else { throw FeedsFailed(stderr: stderr) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try #require(try decoder.decode([Row].self, from: Data(json.utf8)).first)
    }

    /// On PostgreSQL too, where a feed is polled only under its lease, granted at the stored next poll: the re-plan
    /// kept in memory alone left the feed on its old hour there (review of schedule, finding 1).
    @Test(arguments: [false, true]) func aReloadThatShortensPollIntervalPollsOnTheNewSchedule(shared: Bool) async throws {
        let (server, requests) = try await Self.site()
        defer { Task { await server.shutdown() } }
        let store = shared ? "{ url: '\(try PostgresServer.shared().makeDatabase("schedule_reload"))' }" : "var/state.sqlite"
        let install = try Self.install(server, poll: "  interval: 1h\n  adaptive: false", store: store)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        // Polled once, and planned an hour out.
        #expect(await eventually(timeout: 60) {
            ((try? await Self.row(install))?.nextPoll ?? .distantPast) > Date().addingTimeInterval(1800)
        }, "\(daemon.stderr)")
        #expect(requests.withLock { $0 } == 1)

        try Self.edit(install, "interval: 1h", "interval: 1s")
        daemon.signal(SIGHUP)
        // Before: the next poll stayed an hour out (one request in all), while `feeds` showed the new interval.
        #expect(await eventually(timeout: 60) { requests.withLock { $0 } >= 3 }, "\(daemon.stderr)")
        // And `feeds` reads the saved schedule: no longer an hour out.
        #expect(((try await Self.row(install)).nextPoll ?? .distantFuture) < Date().addingTimeInterval(600))
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }

    /// `feeds` shows the next poll the daemon saved at the reload, before the feed's next poll saves another
    /// (review of 851b740, finding 3: a check made after that poll could not tell).
    @Test(arguments: [false, true]) func feedsShowsTheNextPollAReloadSaved(shared: Bool) async throws {
        let (server, requests) = try await Self.site()
        defer { Task { await server.shutdown() } }
        let store = shared ? "{ url: '\(try PostgresServer.shared().makeDatabase("schedule_saved"))' }" : "var/state.sqlite"
        let install = try Self.install(server, poll: "  interval: 1h\n  adaptive: false", store: store)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        let polled = Date()
        #expect(await eventually(timeout: 60) {
            ((try? await Self.row(install))?.nextPoll ?? .distantPast) > polled.addingTimeInterval(3000)
        }, "\(daemon.stderr)")
        try Self.edit(install, "interval: 1h", "interval: 30m")
        daemon.signal(SIGHUP)
        // Re-planned from the poll: at most 30 minutes and the jitter after it, where the stored plan said an hour.
        #expect(await eventually(timeout: 60) {
            ((try? await Self.row(install))?.nextPoll ?? .distantFuture) < Date().addingTimeInterval(33 * 60 + 5)
        }, "\(daemon.stderr)")
        #expect(requests.withLock { $0 } == 1)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }

    @Test func aFeedsTtlIsShownAndALowerMaxIntervalCutsIt() async throws {
        let (server, requests) = try await Self.site(channelExtra: "<ttl>60</ttl>")
        defer { Task { await server.shutdown() } }
        let install = try Self.install(server, poll: "  interval: 1s\n  adaptive: false")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { (try? await Self.row(install))?.serverHint != nil }, "\(daemon.stderr)")
        let row = try await Self.row(install)
        let hint = try #require(row.serverHint)
        #expect(hint.kind == "ttl" && hint.seconds == 3600 && hint.cap == 7200, "\(hint)")
        #expect((row.nextPoll ?? .distantPast) > Date().addingTimeInterval(1800))
        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(table.contains("test-desk: next poll put back to ")
                    && table.contains(" by the feed's <ttl>60</ttl> (at most poll.max_interval, 2h)"), "\(table)")
        #expect(requests.withLock { $0 } == 1)

        // The documented cap on server hints, lowered by a reload: the hour's wait becomes at most two seconds.
        try Self.edit(install, "  adaptive: false", "  adaptive: false\n  min_interval: 1s\n  max_interval: 2s")
        daemon.signal(SIGHUP)
        #expect(await eventually(timeout: 60) { requests.withLock { $0 } >= 3 }, "\(daemon.stderr)")
        let (_, capped, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(capped.contains("(at most poll.max_interval, 2s)"), "\(capped)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }
}
