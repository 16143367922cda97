import Foundation
import Testing
import TestSupport

/// `deliver list` beside two daemons on one PostgreSQL store, one of them then killed (review of deliverlist,
/// medium 3): each live daemon's word is shown by name, and once one is killed its rows, which it cannot take
/// back, are not believed (the roll call says it is gone). A sink only the killed daemon had says that no
/// running daemon has it, and that nothing is sent until one does (medium 2), not "due now" or a time.
@Suite struct SharedDeliverListDaemonsTests {
    @Test func aKilledDaemonsWordIsNotShownAndItsSinkIsSaidToHaveNoDaemon() async throws {
        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        // The hook's receiver fails: what is queued for it stays pending, tried again in an hour.
        let receiver = WebhookReceiver(.fail(500))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        var random = SeededRandom(seed: 7)
        for i in 0..<6 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected > 0)
        let store = "{ url: '\(try PostgresServer.shared().makeDatabase("deliver_list_two"))', heartbeat: 1s }"
        // West alone has the feed that raises alerts and the hook; east has a quiet feed and the alert log.
        let west = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: """
              - id: old-hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1h, max: 2h }
            """, rules: WireService.rule, interval: "1h", store: store)
        let east = try DaemonInstall(feeds: [("quiet", feeds.baseURL + "/quiet.xml")], rules: WireService.rule, interval: "1h", store: store)
        let westDaemon = try ChildProcess(arguments: ["run", "--config", west.configPath], environment: ["WIREWATCH_OWNER": "west"])
        defer { if westDaemon.isRunning { westDaemon.signal(SIGKILL) } }
        let eastDaemon = try ChildProcess(arguments: ["run", "--config", east.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if eastDaemon.isRunning { eastDaemon.signal(SIGKILL) } }
        func said() -> String { "west:\n\(westDaemon.stderr)\neast:\n\(eastDaemon.stderr)" }

        func list() async throws -> [String] {
            let (status, out, err) = try await ChildProcess.run(["deliver", "list", "--config", east.configPath])
            return status == 0 ? DeliverListDaemonTests.masked(out).split(separator: "\n").map(String.init) : [err]
        }
        let failed = "  \(expected) attempt\(expected == 1 ? "" : "s") failed; the last, <AGO>: HTTP 500"
        let hookHeader = "sink old-hook: running on west since <T> (not in this config)"
        var lines: [String] = []
        // Both daemons live: each one's word, by name.
        #expect(try await eventually(timeout: 120) {
            lines = try await list()
            return lines.contains(failed) && lines.contains(hookHeader)
                && lines.contains { $0.hasPrefix("sink alert-log: ") && $0.contains("on east") && $0.contains("on west") }
        }, "\(lines)\n\(said())")
        #expect(Set(lines.filter { $0.hasPrefix("sink ") }) == [
            "sink alert-log: running on east since <T>; running on west since <T>", hookHeader,
        ] || Set(lines.filter { $0.hasPrefix("sink ") }) == [
            "sink alert-log: running on west since <T>; running on east since <T>", hookHeader,
        ], "\(lines)")

        // West killed: its rows stay in the store, and once the roll call no longer counts it, they are not shown.
        westDaemon.signal(SIGKILL)
        _ = await westDaemon.wait(timeout: 30)
        #expect(try await eventually(timeout: 60) {
            lines = try await list()
            return lines.contains("sink old-hook: no running daemon has it (not in this config)")
        }, "\(lines)\n\(said())")
        #expect(lines.filter { $0.hasPrefix("sink ") } == [
            "sink alert-log: running since <T>", "sink old-hook: no running daemon has it (not in this config)",
        ], "\(lines)")
        let block = try #require(lines.firstIndex(of: "sink old-hook: no running daemon has it (not in this config)"))
        #expect(Array(lines[(block + 1)...]) == [
            "  \(expected) pending, the oldest queued <AGO>; next attempt once a running daemon has this sink (none has said it has)",
            failed,
            "  0 delivered in the last 24 h; 0 dead",
        ], "\(lines)")
        #expect(!lines.contains("no wirewatch daemon runs on this store: nothing is delivered until one starts"), "\(lines)")
        eastDaemon.signal(SIGTERM)
        #expect(await eastDaemon.wait(timeout: 30) == 0, "\(eastDaemon.stderr)")
    }
}
