import Foundation
import Testing
import TestSupport

/// Two daemons' configs on one PostgreSQL, one with a webhook the other lacks: the one without it
/// leaves the webhook's pending deliveries to the daemon that has it (never dead-letters them) and
/// says how many wait; `deliver dead-letter --sink` gives them up once no daemon has the sink, and
/// `deliver retry --sink` queues them again from either config.
@Suite struct SharedStoreSinksTests {
    @Test func aDaemonWithoutASinkLeavesItsDeliveriesToTheOthersAndSaysHowMany() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("sinks")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        // The webhook fails for now: its deliveries stay pending, waiting for a retry.
        let receiver = WebhookReceiver(.fail(503))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/f.xml"])
        var random = SeededRandom(seed: 3)
        for i in 0..<6 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected > 0)

        let withHook = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1h, max: 1h }
            """, rules: WireService.rule, interval: "1h", store: "'\(url)'")
        let withoutHook = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], rules: WireService.rule, interval: "1h",
                                            store: "'\(url)'")
        func pendingForHook() throws -> String {
            try postgres.psql("SELECT count(*) FILTER (WHERE state = 'pending') || ' ' || count(*) FILTER (WHERE state = 'dead') FROM delivery WHERE sink = 'hook'",
                              database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let first = try ChildProcess(arguments: ["run", "--config", withHook.configPath])
        defer { if first.isRunning { first.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { (try? pendingForHook()) == "\(expected) 0" && receiver.requests.count >= expected },
                "\(first.stderr)")
        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 30) == 0, "\(first.stderr)")

        // The daemon without the webhook starts on the same database: the deliveries stay pending, counted.
        let second = try ChildProcess(arguments: ["run", "--config", withoutHook.configPath])
        defer { if second.isRunning { second.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) {
            second.stderr.contains("deliveries pending for a sink not in this config") && second.stderr.contains("deliveries=\(expected)")
                && second.stderr.contains("wirewatch ready")
        }, "\(second.stderr)")
        #expect(try pendingForHook() == "\(expected) 0")
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 30) == 0, "\(second.stderr)")
        #expect(try pendingForHook() == "\(expected) 0")

        // No daemon has it any more: given up on the operator's word; a sink in the config is refused.
        let (refused, _, why) = try await ChildProcess.run(["deliver", "dead-letter", "--sink", "hook", "--config", withHook.configPath])
        #expect(refused != 0 && why.contains("sink 'hook' is in the config"), "\(why)")
        let (status, said, err) = try await ChildProcess.run(["deliver", "dead-letter", "--sink", "hook", "--config", withoutHook.configPath])
        #expect(status == 0 && said == "dead-lettered \(expected) deliveries to sink hook\n", "\(said) \(err)")
        #expect(try pendingForHook() == "0 \(expected)")

        // The sink comes back in some daemon's config: queued again from any config on the shared store
        // (the one without it too, from which it was given up), with a note; one the store never had is refused.
        let (again, queued, note) = try await ChildProcess.run(["deliver", "retry", "--all", "--sink", "hook", "--config", withoutHook.configPath])
        #expect(again == 0 && queued == "queued \(expected) deliveries again\n", "\(queued) \(note)")
        #expect(note.hasPrefix("wirewatch: note: sink 'hook' is not in the config") && note.split(separator: "\n").count == 1, "\(note)")
        #expect(try pendingForHook() == "\(expected) 0")
        let (unknown, _, never) = try await ChildProcess.run(["deliver", "retry", "--all", "--sink", "nosuch", "--config", withoutHook.configPath])
        #expect(unknown != 0 && never.hasSuffix("and has no deliveries in the store\n"), "\(never)")
        let (_, wrapped, _) = try await ChildProcess.run(["deliver", "dead-letter", "--help"])
        let help = wrapped.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Once a daemon has the sink again") && help.contains("deliver retry --all --sink NAME"), "\(help)")

        // A daemon with the webhook starts again, its receiver now well: what was queued again is sent.
        receiver.set(.accept)
        let third = try ChildProcess(arguments: ["run", "--config", withHook.configPath])
        defer { if third.isRunning { third.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { (try? pendingForHook()) == "0 0" && Set(receiver.processed).count == expected },
                "\(third.stderr)")
        third.signal(SIGTERM)
        #expect(await third.wait(timeout: 30) == 0, "\(third.stderr)")
    }

    /// On a shared store, a sink removed by a reload leaves what it had pending to the daemons that have
    /// it; the reload's notice said "dead-lettered" (the SQLite store's case) just above the warning
    /// that said they were left (trial finding 8).
    @Test func aReloadThatRemovesASinkOnASharedStoreDoesNotSayItsDeliveriesAreDeadLettered() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("removedsink")
        let hook = """
              - id: hook
                type: webhook
                url: http://127.0.0.1:9/hook
            """
        let install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")], extraSinks: hook, interval: "1h", store: "'\(url)'")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("wirewatch ready") }, "\(daemon.stderr)")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try #require(config.contains(hook))
        try config.replacingOccurrences(of: hook, with: "").write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sinks changed") && daemon.stderr.contains("reloaded") }, "\(daemon.stderr)")
        let line = try #require(daemon.stderr.split(separator: "\n").first { $0.contains("sinks changed") })
        #expect(line.contains("sinks_removed=hook"), "\(line)")
        #expect(line.contains("a removed one stops and what it had pending is left to the daemons whose configs have it"), "\(line)")
        #expect(!line.contains("dead-lettered"), "\(line)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }
}
