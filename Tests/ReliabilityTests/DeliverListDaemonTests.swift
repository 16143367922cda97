import Foundation
import Testing
import TestSupport

/// `deliver list` beside a running daemon, on both stores: what waits for each sink (the oldest, the next
/// attempt, the failed attempts and the receiver's last answer), whether the sink runs (a sink a reload added
/// whose `env:` secret is unset did not start: trial finding 6), and, once the daemon is gone, no word of
/// a sink running.
@Suite struct DeliverListDaemonTests {
    @Test(arguments: ["sqlite", "postgres"]) func eachSinkSaysWhatWaitsAndWhetherItRuns(_ kind: String) async throws {
        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let receiver = WebhookReceiver(.fail(500))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        var random = SeededRandom(seed: 5)
        for i in 0..<4 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected > 0)
        let store = kind == "sqlite" ? "var/state.sqlite" : "{ url: '\(try PostgresServer.shared().makeDatabase("deliver_list"))', heartbeat: 1s }"
        let hookLines = """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1h, max: 2h }
            """
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: hookLines, rules: WireService.rule,
                                        interval: "1s", extraConfig: "admin: { listen: '127.0.0.1:0' }", store: store)
        // Credentials as systemd gives them; the one the reload names below is not there.
        let credentials = try makeTemporaryDirectory("credentials").path
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath],
                                      environment: ["WIREWATCH_OWNER": "east", "CREDENTIALS_DIRECTORY": credentials])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        let name = kind == "sqlite" ? "pid \(daemon.pid)" : "east"

        // Before the daemon has created the store the command fails, and says so: no lines yet.
        func list() async throws -> [String] {
            let (status, out, err) = try await ChildProcess.run(["deliver", "list", "--config", install.configPath])
            return status == 0 ? Self.masked(out).split(separator: "\n").map(String.init) : [err]
        }
        func json() async throws -> [String: Any] {
            let (_, out, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(out)")
        }
        // Every alert in the log, and tried once at the hook, which answered 500: retried in an hour.
        var lines: [String] = []
        #expect(try await eventually(timeout: 60) {
            lines = try await list()
            return lines.first == "pending \(expected)  dead 0  delivered \(expected) in the last 24 h"
                && lines.contains("  \(expected) attempt\(expected == 1 ? "" : "s") failed; the last, <AGO>: HTTP 500")
        }, "\(lines)\n\(daemon.stderr)")
        #expect(lines == [
            "pending \(expected)  dead 0  delivered \(expected) in the last 24 h",
            "sink alert-log: running since <T>",
            "  nothing pending; \(expected) delivered in the last 24 h; 0 dead",
            "sink hook: running since <T>",
            "  \(expected) pending, the oldest queued <AGO>; next attempt in <D> (<T>)",
            "  \(expected) attempt\(expected == 1 ? "" : "s") failed; the last, <AGO>: HTTP 500",
            "  0 delivered in the last 24 h; 0 dead",
        ], "\(lines)")
        let summary = try await json()
        #expect(summary["daemons"] as? [String] == [name], "\(summary)")
        let sinks = try #require(summary["sinks"] as? [[String: Any]], "\(summary)")
        let hookSink = try #require(sinks.first { $0["sink"] as? String == "hook" }, "\(sinks)")
        #expect(hookSink["state"] as? String == "running" && hookSink["pending"] as? Int == expected
                && hookSink["failedAttempts"] as? Int == expected && hookSink["lastError"] as? String == "HTTP 500"
                && hookSink["nextAttempt"] is String && hookSink["oldestQueued"] is String && hookSink["lastErrorAt"] is String,
                "\(hookSink)")
        #expect(summary["deliveredLast24h"] as? Int == expected && summary["delivered"] as? Int == expected, "\(summary)")

        // A reload adds a sink whose credential file is missing: it cannot start, and says so beside what piles
        // up for it; /metrics says it is down. (One whose env: variable is unset is refused by the reload.)
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try (config + "\n  - id: team-chat\n    type: slack\n    url: credential:slack-url\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink cannot start") }, "\(daemon.stderr)")
        // A poll that began before the reload took effect routes its alerts to the sinks it began with: published
        // while one was fetching, an item alerted to alert-log and hook only, and team-chat had nothing pending
        // (a make test run at load 11). Published once the feed is asked for again, every poll that sees them began after.
        let asked = feeds.requests.count
        #expect(await eventually(timeout: 60) { feeds.requests.count > asked }, "\(daemon.stderr)")
        for i in 4..<8 { wire.publish(i, random: &random) }
        let more = wire.matching.count - expected
        try #require(more > 0)
        let notStarted = "sink team-chat: NOT STARTED since <T>: sink 'team-chat': credential:slack-url: "
        #expect(try await eventually(timeout: 60) {
            lines = try await list()
            return lines.contains("  \(more) pending, the oldest queued <AGO>; next attempt once the sink starts")
        }, "\(lines)\n\(daemon.stderr)")
        let chat = try #require(lines.firstIndex { $0.hasPrefix("sink team-chat: ") }, "\(lines)")
        #expect(lines[chat].hasPrefix(notStarted), "\(lines[chat])")
        #expect(Array(lines[(chat + 1)...]) == [
            "  \(more) pending, the oldest queued <AGO>; next attempt once the sink starts",
            "  not tried yet",
            "  0 delivered in the last 24 h; 0 dead",
        ], "\(lines)")
        let metrics = try await SharedPostgresDaemonsTests.scrapeMetrics(of: daemon)
        let up = metrics.split(separator: "\n").filter { $0.hasPrefix("wirewatch_sink_up{") }
        #expect(up == ["wirewatch_sink_up{sink=\"alert-log\"} 1", "wirewatch_sink_up{sink=\"hook\"} 1",
                       "wirewatch_sink_up{sink=\"team-chat\"} 0"], "\(metrics)")

        // A daemon killed cannot take its word back: the command sees it gone (the lock free, or its
        // roll-call row no longer live) and says no sink runs, not "running since".
        daemon.signal(SIGKILL)
        _ = await daemon.wait(timeout: 30)
        #expect(try await eventually(timeout: 60) {
            lines = try await list()
            return lines.contains("no wirewatch daemon runs on this store: nothing is delivered until one starts")
        }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("sink ") } == [
            "sink alert-log: not delivered: no daemon runs", "sink hook: not delivered: no daemon runs",
            "sink team-chat: not delivered: no daemon runs",
        ], "\(lines)")
        #expect(!lines.contains { $0.contains("running since") }, "\(lines)")
        #expect(try await json()["daemons"] as? [String] == [])
    }

    /// Times and durations, which depend on the machine's speed, as placeholders: the rest is compared exactly.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "<T>", options: .regularExpression)
            .replacingOccurrences(of: #"(just now|\d+[smhd](\d+m)? ago)"#, with: "<AGO>", options: .regularExpression)
            .replacingOccurrences(of: #"in \d+[smhd](\d+m)?"#, with: "in <D>", options: .regularExpression)
    }
}
