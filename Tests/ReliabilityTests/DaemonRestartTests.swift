import Foundation
import Testing
import TestSupport

/// A daemon on a shared PostgreSQL store killed (SIGKILL, the OOM killer, a crash) and started again at once,
/// as systemd's Restart=on-failure does: under a fixed name it takes its dead self's row over instead of
/// being refused as a twin for three heartbeats; under fresh names (a crash loop) each start deletes the
/// rows its dead predecessors left, instead of leaving them live for their window. A live twin is still refused.
@Suite struct DaemonRestartTests {
    /// The roll call as rows of "owner pid live".
    static func roll(_ postgres: PostgresServer, _ database: String) throws -> [String] {
        try postgres.psql("SELECT owner || ' ' || coalesce(pid::text, '-') || ' ' || (live_until >= now())::text FROM daemon_presence ORDER BY owner",
                          database: database)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func install(_ url: String) async throws -> (DaemonInstall, LoopbackHTTPServer) {
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        // A 20 s heartbeat: a row counts as live for 60 s, longer than any start here takes.
        let install = try DaemonInstall(feeds: [("f0", server.baseURL + "/f0"), ("f1", server.baseURL + "/f1")], interval: "1m",
                                        store: "{ url: '\(url)', heartbeat: 20s }")
        return (install, server)
    }

    @Test func aDaemonKilledAndStartedAgainAtOnceTakesItsNameBack() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("restart_named")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let (install, server) = try await Self.install(url)
        defer { Task { await server.shutdown() } }
        let first = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if first.isRunning { first.signal(SIGKILL) } }
        // (The table is there once the daemon has made the schema.)
        #expect(await eventually(timeout: 60) { (try? Self.roll(postgres, database)) == ["east \(first.pid) true"] }, "\(first.stderr)")

        first.signal(SIGKILL)
        #expect(await first.wait(timeout: 30) != nil)
        let second = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if second.isRunning { second.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { second.stderr.contains("wirewatch started") || !second.isRunning }, "\(second.stderr)")
        #expect(second.isRunning, "\(second.stderr)")
        #expect(second.stderr.contains("took over this daemon's name in the roll call from its process that is gone"), "\(second.stderr)")
        #expect(second.stderr.contains("gone_pid=\(first.pid)"), "\(second.stderr)")
        #expect(try Self.roll(postgres, database) == ["east \(second.pid) true"])

        // A twin under the name, while the second runs, is still refused, and told which process has it.
        let twin = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        defer { if twin.isRunning { twin.signal(SIGKILL) } }
        let refused = await twin.wait(timeout: 60)
        #expect(refused != nil && refused != 0, "\(twin.stderr)")
        #expect(twin.stderr.contains("another running daemon already uses the name east in this database (\(ProcessInfo.processInfo.hostName) pid \(second.pid), heard"),
                "\(twin.stderr)")
        #expect(try Self.roll(postgres, database) == ["east \(second.pid) true"])

        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 30) == 0, "\(second.stderr)")
        #expect(try Self.roll(postgres, database).isEmpty)
    }

    /// Systemd restarting a daemon that crashes at once, under the default names (host/pid/random): each start
    /// deletes the row of the one before, so the other daemons never count more than the one running.
    @Test func aCrashLoopLeavesNoLiveRowsOfItsDeadStarts() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("restart_loop")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let (install, server) = try await Self.install(url)
        defer { Task { await server.shutdown() } }
        var previous: ChildProcess?
        for round in 0..<3 {
            let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
            defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
            #expect(await eventually(timeout: 60) {
                let rows = (try? Self.roll(postgres, database)) ?? []
                return rows.count == 1 && rows[0].hasSuffix(" \(daemon.pid) true")
            }, "round \(round): \((try? Self.roll(postgres, database)) ?? [])\n\(daemon.stderr)")
            if let previous {
                // The row goes before the line that says so is written and read from the pipe: wait for it.
                #expect(await eventually(timeout: 30) {
                    daemon.stderr.contains("forgot the roll-call row of a daemon whose process is gone from this machine")
                        && daemon.stderr.contains("gone_pid=\(previous.pid)")
                }, "\(daemon.stderr)")
            }
            daemon.signal(SIGKILL)
            #expect(await daemon.wait(timeout: 30) != nil)
            previous = daemon
        }
    }
}
