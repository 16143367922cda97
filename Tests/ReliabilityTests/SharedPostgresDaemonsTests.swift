import Fetching
import Foundation
import Synchronization
import Testing
import TestSupport

/// Two `wirewatch run` daemons on one private PostgreSQL, 20 feeds on one loopback server: each feed is
/// fetched by one of them once per interval, and every alert reaches one daemon's alert log once. Killed
/// with SIGKILL, one daemon's feeds and claimed deliveries go to the other after their leases.
@Suite struct SharedPostgresDaemonsTests {
    static let interval: TimeInterval = 3
    static let feeds = (0..<20).map { "/f\($0).xml" }

    /// When each path was fetched.
    final class FetchLog: Sendable {
        let times = Mutex<[String: [Date]]>([:])
        func note(_ path: String) { times.withLock { $0[path, default: []].append(Date()) } }
        var snapshot: [String: [Date]] { times.withLock { $0 } }
        /// Paths fetched twice within `gap`: two daemons polling one feed at once.
        func twiceWithin(_ gap: TimeInterval) -> [String] {
            snapshot.filter { _, t in zip(t, t.dropFirst()).contains { $1.timeIntervalSince($0) < gap } }.keys.sorted()
        }
    }

    @Test func twoDaemonsShareTheFeedsAndTheOutboxAndOneTakesOverWhenTheOtherIsKilled() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("daemons")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        let fetches = FetchLog()
        let server = try await LoopbackHTTPServer { request in
            fetches.note(request.path)
            return desk.respond(request)
        }
        defer { Task { await server.shutdown() } }
        let receiver = WebhookReceiver(.accept)
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: Self.feeds)
        var random = SeededRandom(seed: 11)
        for i in 0..<40 { wire.publish(i, random: &random) }

        // The same config for both (as deployed), each with its own alert log; short leases for the test
        // (the margin is 30 s and two of the store's 10 s waits, 50 s: the alert log's claims; the webhook's
        // batch, 2 rounds of 50 requests run 32 at a time, each up to 2 s waiting and 2 s sending, makes its 58 s).
        func install() throws -> DaemonInstall {
            try DaemonInstall(feeds: Self.feeds.enumerated().map { ("f\($0.offset)", server.baseURL + $0.element) },
                              extraSinks: """
                                  - id: hook
                                    type: webhook
                                    url: \(hook.baseURL)/hook
                                    timeout: 2s
                                    concurrency: 50
                                    retry: { initial: 1s, max: 1s }
                                """,
                              rules: WireService.rule, interval: "\(Int(Self.interval))s",
                              extraConfig: "poll: { timeout: 2s }\nadmin: { listen: '127.0.0.1:0' }",
                              store: "{ url: '\(url)', claim_lease: 8s, feed_lease_margin: 2s, time_limit: 10s }")
        }
        let installs = [try install(), try install()]
        let daemons = try installs.map { try ChildProcess(arguments: ["run", "--config", $0.configPath]) }
        defer { for d in daemons where d.isRunning { d.signal(SIGKILL) } }
        func logs() -> [AlertLogLines] { installs.map { AlertLogLines(path: $0.alertLog) } }
        func said() -> String { daemons.map(\.stderr).joined(separator: "\n---\n") }

        // Every alert in exactly one of the two logs, once.
        let expected = wire.matching.count
        #expect(await eventually(timeout: 90) { logs().map(\.records.count).reduce(0, +) >= expected || !daemons.allSatisfy(\.isRunning) })
        let running = daemons.allSatisfy { $0.isRunning }
        try #require(running, "\(said())")
        #expect(await eventually(timeout: 60) { Set(receiver.processed).count == expected }, "\(said())")
        // A few intervals more: each feed polled again, never by both at once.
        let polled = fetches.snapshot.mapValues(\.count)
        #expect(await eventually(timeout: 90) { Self.feeds.allSatisfy { (fetches.snapshot[$0]?.count ?? 0) >= (polled[$0] ?? 0) + 2 } }, "\(said())")
        let (a, b) = (logs()[0], logs()[1])
        #expect(a.broken.isEmpty && b.broken.isEmpty)
        #expect(a.duplicates.isEmpty && b.duplicates.isEmpty)
        #expect(Set(a.ids).isDisjoint(with: b.ids), "an alert in both logs")
        #expect(Set(a.ids).union(b.ids).count == expected)
        #expect(fetches.twiceWithin(Self.interval * 0.8).isEmpty, "fetched twice within an interval: \(fetches.twiceWithin(Self.interval * 0.8))")

        // The webhook holds its answers: each daemon's crew claims deliveries and waits. Then the first daemon dies.
        receiver.set(.holdUntilReleased)
        for i in 40..<70 { wire.publish(i, random: &random) }
        let victim = daemons[0].pid
        func claimedBy(_ pid: Int32) throws -> Int { try Self.pendingClaims(of: pid, postgres: postgres, database: database) }
        #expect(try await eventually(timeout: 90) { try claimedBy(victim) > 0 }, "\(said())")
        daemons[0].signal(SIGKILL)
        _ = await daemons[0].wait(timeout: 30)
        let killedAt = Date()
        receiver.release()
        receiver.set(.accept)

        // The survivor delivers everything, what the victim had claimed too, once its claims ran out.
        let all = wire.matching.count
        #expect(try await eventually(timeout: 120) {
            // Both sinks' deliveries of every alert, and none other.
            try postgres.psql("SELECT count(*) FILTER (WHERE state = 'delivered') || ' ' || count(*) FROM delivery", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(2 * all) \(2 * all)"
        }, "\(said())")
        #expect(Set(receiver.processed).count == all)
        let after = logs()
        #expect(Set(after[0].ids).union(after[1].ids).count == all)
        #expect(after[0].duplicates.isEmpty && after[1].duplicates.isEmpty)
        // And polls every feed, the victim's too, once their leases ran out.
        #expect(await eventually(timeout: 90) {
            Self.feeds.allSatisfy { path in (fetches.snapshot[path] ?? []).contains { $0 > killedAt.addingTimeInterval(2 * 2 + 5) } }
        }, "\(said())")
        #expect(fetches.twiceWithin(Self.interval * 0.8).isEmpty, "fetched twice within an interval: \(fetches.twiceWithin(Self.interval * 0.8))")
        #expect(daemons[1].isRunning)
        // Its admin endpoint reads the shared store off the event loop (a wait on the loop traps in NIO).
        let metrics = try await Self.scrapeMetrics(of: daemons[1])
        let delivered = metrics.split(separator: "\n").first { $0.hasPrefix("wirewatch_deliveries{sink=\"hook\",state=\"delivered\"} ") }
        let value: Double? = delivered.flatMap { line in line.split(separator: " ").last.flatMap { Double($0) } }
        #expect(value == Double(all), "\(metrics)\n\(said())")
        // The commands beside the daemons read the shared database (from either machine's config).
        let (listed, counts, _) = try await ChildProcess.run(["deliver", "list", "--config", installs[0].configPath])
        #expect(listed == 0 && counts.hasPrefix("pending 0  dead 0  delivered \(2 * all) in the last 24 h\n"), "\(counts)")
        let (shown, table, _) = try await ChildProcess.run(["feeds", "--json", "--config", installs[0].configPath])
        let rows = try JSONSerialization.jsonObject(with: Data(table.utf8)) as? [[String: Any]] ?? []
        // Polled every 3 s, a feed may be read mid-poll (`polling`: fetched, its entries being stored); no other result is right.
        #expect(shown == 0 && rows.count == Self.feeds.count
                    && rows.allSatisfy { ["ok", "polling"].contains($0["lastResult"] as? String) }, "\(table)")
        daemons[1].signal(SIGTERM)
        #expect(await daemons[1].wait(timeout: 30) == 0, "\(daemons[1].stderr)")
    }

    /// A daemon stopped with SIGTERM hands back the deliveries it had claimed but not sent: the next
    /// daemon on the store (a restart's owner id differs) sends them at once, not after the claim lease.
    @Test func aDaemonStoppedGracefullyLeavesNoClaimsBehind() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("release")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        // The webhook holds its answers, one request at a time: the rest of the batch stays claimed, unsent.
        let receiver = WebhookReceiver(.holdUntilReleased)
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/f.xml"])
        var random = SeededRandom(seed: 5)
        for i in 0..<12 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected >= 3)
        let install = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                timeout: 2s
                concurrency: 1
                retry: { initial: 1s, max: 1s }
            """, rules: WireService.rule, interval: "1h", store: "{ url: '\(url)', claim_lease: 10m }")
        func claimedBy(_ pid: Int32) throws -> Int { try Self.pendingClaims(of: pid, postgres: postgres, database: database) }

        let owner = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if owner.isRunning { owner.signal(SIGKILL) } }
        // (The schema is the daemon's to make: until it has, there is nothing to count.)
        #expect(await eventually(timeout: 60) { ((try? claimedBy(owner.pid)) ?? 0) >= 2 && !receiver.requests.isEmpty }, "\(owner.stderr)")
        owner.signal(SIGTERM)
        #expect(await owner.wait(timeout: 30) == 0, "\(owner.stderr)")
        #expect(try claimedBy(owner.pid) == 0, "\(owner.stderr)")

        // Its successor sends every one of them well within the 10 minutes the claims would have lasted.
        receiver.release()
        receiver.set(.accept)
        let successor = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if successor.isRunning { successor.signal(SIGKILL) } }
        #expect(try await eventually(timeout: 60) {
            try postgres.psql("SELECT count(*) FROM delivery WHERE sink = 'hook' AND state = 'delivered'", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(expected)"
        }, "\(successor.stderr)")
        successor.signal(SIGTERM)
        #expect(await successor.wait(timeout: 30) == 0, "\(successor.stderr)")
    }

    /// Pending deliveries the daemon with this pid holds an unexpired claim on (its owner id is host/pid/random).
    static func pendingClaims(of pid: Int32, postgres: PostgresServer, database: String) throws -> Int {
        Int(try postgres.psql("SELECT count(*) FROM delivery WHERE state = 'pending' AND claimed_by LIKE '%/\(pid)/%' AND claimed_until > now()",
                              database: database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    static func scrapeMetrics(of daemon: ChildProcess) async throws -> String {
        func address() -> String? {
            guard let line = daemon.stderr.split(separator: "\n").first(where: { $0.contains("admin endpoint listening") }),
                  let range = line.range(of: "address=") else { return nil }
            return String(line[range.upperBound...].prefix { !$0.isWhitespace })
        }
        let admin = try #require(await eventually { address() != nil } ? address() : nil)
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let result = await fetcher.fetch(FetchRequest(url: "http://\(admin)/metrics"))
        #expect(result.status == 200, "\(result)")
        return String(decoding: result.body, as: UTF8.self)
    }
}
