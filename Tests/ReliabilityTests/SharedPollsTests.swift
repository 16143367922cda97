import Foundation
import Testing
import TestSupport

/// Two `wirewatch run` daemons on one private PostgreSQL split the polls of 40 feeds: each polls about
/// the half it prefers. SIGKILL one, and the other polls every feed, the dead one's too; stop it with
/// SIGTERM, and it leaves the roll call at once. Named `east` and `west` ($WIREWATCH_OWNER), they prefer
/// 20 feeds each (PollShareTests pins the hash), so the split does not depend on random daemon names.
@Suite struct SharedPollsTests {
    /// Its quarter, the grace before a daemon takes a feed the other prefers, is 2 s: at 3 s (a grace of 0.75 s)
    /// a full run at load 35 found each daemon late by more than that so often that it polled half the other's
    /// feeds ([50, 36] own of [104, 77]), as if nothing were shared.
    static let interval: TimeInterval = 8
    /// Two fetches of one feed closer than this are two daemons polling it at once: one daemon polls a feed
    /// once an interval, and a lease (the 2 s poll timeout and 2 s margin) keeps another off it for 4 s.
    static let together: TimeInterval = 2.4
    static let feeds = (0..<40).map { "/f\($0)" }

    /// The feeds that prefer `east` when `east` and `west` are live (PollShareTests pins them); the others prefer `west`.
    static let eastsFeeds = Set([5, 6, 8, 10, 12, 13, 16, 17, 18, 19, 21, 23, 25, 26, 27, 31, 33, 34, 35, 37].map { "f\($0)" })

    /// The polls a daemon made since it started, per feed, by its /metrics (every fetch outcome).
    static func polls(_ metrics: String) -> [String: Int] {
        var polls: [String: Int] = [:]
        for line in metrics.split(separator: "\n") where line.hasPrefix("wirewatch_fetches_total{feed=\"") {
            let feed = line.dropFirst("wirewatch_fetches_total{feed=\"".count).prefix { $0 != "\"" }
            polls[String(feed), default: 0] += line.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) } ?? 0
        }
        return polls
    }

    static func gauge(_ name: String, _ metrics: String) -> Double? {
        metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    @Test func twoDaemonsSplitThePollsAndTheSurvivorTakesThemAll() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("share")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        let fetches = SharedPostgresDaemonsTests.FetchLog()
        let server = try await LoopbackHTTPServer { request in
            fetches.note(request.path)
            return desk.respond(request)
        }
        defer { Task { await server.shutdown() } }
        // Short leases and a one-second heartbeat for the test: a dead daemon counts as live for 3 s.
        let install = try DaemonInstall(feeds: Self.feeds.enumerated().map { ("f\($0.offset)", server.baseURL + $0.element) },
                                        interval: "\(Int(Self.interval))s",
                                        extraConfig: "poll: { timeout: 2s }\nadmin: { listen: '127.0.0.1:0' }",
                                        store: "{ url: '\(url)', feed_lease_margin: 2s, heartbeat: 1s }")
        let daemons = try ["east", "west"].map {
            try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": $0])
        }
        defer { for d in daemons where d.isRunning { d.signal(SIGKILL) } }
        func said() -> String { daemons.map(\.stderr).joined(separator: "\n---\n") }
        func metrics(_ i: Int) async throws -> String { try await SharedPostgresDaemonsTests.scrapeMetrics(of: daemons[i]) }

        // Each hears the other, and prefers half the feeds.
        #expect(try await eventually(timeout: 60, every: 0.5) {
            for i in 0..<2 {
                let m = try await metrics(i)
                guard Self.gauge("wirewatch_live_daemons", m) == 2, Self.gauge("wirewatch_preferred_feeds", m) == 20 else { return false }
            }
            return true
        }, "\(said())")
        #expect(await eventually { daemons.allSatisfy { $0.stderr.contains("the daemons sharing the store changed") } }, "\(said())")

        // A third daemon given East's name is refused at start: the store would take it for East.
        let twin = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if twin.isRunning { twin.signal(SIGKILL) } }
        let refused = await twin.wait(timeout: 60)
        #expect(refused != nil && refused != 0, "\(twin.stderr)")
        #expect(await eventually { twin.stderr.contains("another running daemon already uses the name east in this database") }, "\(twin.stderr)")

        // Four intervals' polls from here on: each daemon polls a fair share, and mostly the feeds it prefers
        // (the other takes one only when it was late by the grace, 2 s; without sharing, about half are the other's).
        let before = [Self.polls(try await metrics(0)), Self.polls(try await metrics(1))]
        let total = fetches.snapshot.values.map(\.count).reduce(0, +)
        #expect(await eventually(timeout: 180) { fetches.snapshot.values.map(\.count).reduce(0, +) >= total + 4 * Self.feeds.count }, "\(said())")
        let after = [Self.polls(try await metrics(0)), Self.polls(try await metrics(1))]
        let made = (0..<2).map { i in after[i].merging(before[i].mapValues { -$0 }, uniquingKeysWith: +) }
        let counts = made.map { $0.values.reduce(0, +) }
        let own = [made[0].filter { Self.eastsFeeds.contains($0.key) }, made[1].filter { !Self.eastsFeeds.contains($0.key) }]
            .map { $0.values.reduce(0, +) }
        let all = counts.reduce(0, +)
        // (The metrics count a poll once its commit is done, the server once it is fetched: a few may be in between.)
        #expect(all >= 3 * Self.feeds.count)
        #expect(counts.allSatisfy { $0 * 4 >= all }, "polls by east and west: \(counts)\n\(said())")
        #expect(zip(own, counts).allSatisfy { $0 * 3 >= $1 * 2 }, "of which of the feeds each prefers: \(own) of \(counts)")
        #expect(fetches.twiceWithin(Self.together).isEmpty, "fetched twice at once: \(fetches.twiceWithin(Self.together))")

        // East dies: West polls every feed, East's half too (once East's leases, 2 s + 2 s, ran out), ...
        // (The leases outlast East's live window, 3 s, here: West has dropped East before it can claim East's
        // feeds, so this is not the takeover after the grace; PollShareTests carries that bound with a ManualClock.)
        daemons[0].signal(SIGKILL)
        _ = await daemons[0].wait(timeout: 30)
        let killedAt = Date()
        #expect(await eventually(timeout: 60) {
            Self.feeds.allSatisfy { path in (fetches.snapshot[path] ?? []).contains { $0 > killedAt.addingTimeInterval(2 + 2) } }
        }, "\(said())")
        // ... stops counting East three heartbeats on, and then prefers every feed.
        #expect(try await eventually(timeout: 60, every: 0.5) {
            let m = try await metrics(1)
            return Self.gauge("wirewatch_live_daemons", m) == 1 && Self.gauge("wirewatch_preferred_feeds", m) == 40
        }, "\(said())")
        #expect(await eventually { daemons[1].stderr.contains("left=east") }, "\(daemons[1].stderr)")
        #expect(fetches.twiceWithin(Self.together).isEmpty, "fetched twice at once: \(fetches.twiceWithin(Self.together))")

        // East's row, from its crash, West deleted, having seen East's process gone from their machine; West
        // stops gracefully and leaves the roll call: nothing is left.
        #expect(daemons[1].stderr.contains("forgot the roll-call row of a daemon whose process is gone from this machine")
                && daemons[1].stderr.contains("gone_pid=\(daemons[0].pid)"), "\(daemons[1].stderr)")
        daemons[1].signal(SIGTERM)
        // (90 s: under a load of 35 on two cores its drain once took longer than 30.)
        #expect(await daemons[1].wait(timeout: 90) == 0, "\(daemons[1].stderr)")
        #expect(try postgres.psql("SELECT count(*) FROM daemon_presence", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    /// A daemon stopped with SIGTERM leaves the roll call as its polls begin to drain, not once they have
    /// drained: the others take its feeds at once, while its poll in flight (held by a server that never
    /// answers, under a 300 s timeout and a 120 s drain bound) still holds its lease. The bounds are long so
    /// that "before the drain ended" does not depend on how fast a loaded machine answers (it was 10 s of a 20 s drain).
    /// The timeout is the feed's own: `poll.timeout` alone leaves a server that sends nothing to the 20 s
    /// slow-server cut-off (docs/fetching.md), which ended the poll, and the drain, 20 s after it began.
    @Test func aStoppingDaemonLeavesTheRollCallBeforeItsPollsHaveDrained() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("share_leave")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let server = try await LoopbackHTTPServer { _ in .neverAnswers }
        defer { Task { await server.shutdown() } }
        let install = try DaemonInstall(feeds: [("f0", server.baseURL + "/f0")], interval: "1m",
                                        extraConfig: "daemon: { drain_timeout: 120s }",
                                        store: "{ url: '\(url)', heartbeat: 1s }")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        // Without the feed's own timeout the slow-server cut-off ends the poll at 20 s, silently: the edit must land.
        try #require(config.contains("    interval: 1m\n"), "DaemonInstall lays out its feeds otherwise: \(config)")
        try config.replacingOccurrences(of: "    interval: 1m\n", with: "    interval: 1m\n    timeout: 300s\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        func rows() throws -> String {
            try postgres.psql("SELECT count(*) FROM daemon_presence", database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(await eventually(timeout: 60) { !server.requests.isEmpty }, "\(daemon.stderr)")
        #expect(try rows() == "1")
        daemon.signal(SIGTERM)
        #expect(try await eventually(timeout: 60) { try rows() == "0" }, "\(daemon.stderr)")
        #expect(daemon.isRunning, "still draining its poll: \(daemon.stderr)")
    }
}
