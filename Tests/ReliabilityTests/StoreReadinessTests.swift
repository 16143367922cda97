import Foundation
import GRDB
import Testing
import TestSupport

/// `/readyz` says whether the daemon can keep what it polls: 503 with why, in one line, once its store has
/// not answered for `StoreHealth.patience` (a PostgreSQL database refusing connections, an SQLite file
/// another process holds locked), and 200 again once it answers; `wirewatch_store_up` says the same.
/// `/healthz` stays liveness. Before, both answered 200 through a whole outage (trial finding 27).
@Suite struct StoreReadinessTests {
    static func admin(_ daemon: ChildProcess) async throws -> String {
        func address() -> String? {
            guard let line = daemon.stderr.split(separator: "\n").first(where: { $0.contains("admin endpoint listening") }),
                  let range = line.range(of: "address=") else { return nil }
            return String(line[range.upperBound...].prefix { !$0.isWhitespace })
        }
        return try #require(await eventually(timeout: 60) { address() != nil } ? address() : nil, "\(daemon.stderr)")
    }

    /// Status and body, through the curl tool: `Fetcher` keeps no body of an error status.
    static func get(_ url: String) async -> (Int, String) {
        guard let (status, out, _) = try? await ChildProcess.run(["-s", "-m", "30", "-w", "\n%{http_code}", url], executable: "/usr/bin/curl"),
              status == 0, let cut = out.lastIndex(of: "\n") else { return (0, "") }
        return (Int(out[out.index(after: cut)...]) ?? 0, String(out[..<cut]))
    }

    /// Waits for /readyz to answer `status`; returns its last body.
    static func readiness(_ admin: String, becomes status: Int) async -> String? {
        var body = ""
        let seen = await eventually(timeout: 120, every: 0.5) {
            let (code, text) = await get("http://\(admin)/readyz")
            body = text
            return code == status
        }
        return seen ? body : nil
    }

    static func storeUp(_ admin: String) async -> Double? {
        let (_, text) = await get("http://\(admin)/metrics")
        return text.split(separator: "\n").first { $0.hasPrefix("wirewatch_store_up ") }.flatMap { Double($0.dropFirst("wirewatch_store_up ".count)) }
    }

    @Test func aDatabaseRefusingConnectionsMakesTheDaemonNotReadyUntilItAnswers() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("readiness")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")], interval: "2s",
                                        extraConfig: "admin: { listen: '127.0.0.1:0' }", store: "{ url: '\(url)', time_limit: 5s }")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        let admin = try await Self.admin(daemon)
        #expect(await Self.readiness(admin, becomes: 200) == "ready\n", "\(daemon.stderr)")
        #expect(await Self.storeUp(admin) == 1)

        // The database closed to every connection, and the daemon's own cut (as a restart or a failover does).
        try postgres.psql("ALTER DATABASE \(database) ALLOW_CONNECTIONS false", database: "postgres")
        try postgres.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)'", database: "postgres")
        let down = await Self.readiness(admin, becomes: 503)
        #expect(down?.hasPrefix("not ready: the store has not answered for ") == true, "\(String(describing: down))")
        #expect(down?.contains("is not currently accepting connections") == true, "\(String(describing: down))")
        #expect(down?.split(separator: "\n").count == 1)
        #expect(await Self.storeUp(admin) == 0)
        #expect(await Self.get("http://\(admin)/healthz").0 == 200)

        try postgres.psql("ALTER DATABASE \(database) ALLOW_CONNECTIONS true", database: "postgres")
        #expect(await Self.readiness(admin, becomes: 200) == "ready\n", "\(daemon.stderr)")
        #expect(await Self.storeUp(admin) == 1)
        func said(_ text: String) -> Int { daemon.stderr.split(separator: "\n").filter { $0.contains(text) }.count }
        #expect(await eventually(timeout: 60) { said("the store answers again") == 1 }, "\(daemon.stderr)")
        #expect(said("the store does not answer; /readyz says not ready until it does") == 1, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 60) == 0, "\(daemon.stderr)")
    }

    /// A daemon on an SQLite store with the admin endpoint, once `/readyz` says ready; the caller kills it.
    static func readySQLiteDaemon() async throws -> (DaemonInstall, ChildProcess, String) {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")], interval: "2s",
                                        extraConfig: "admin: { listen: '127.0.0.1:0' }")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        let admin: String
        do { admin = try await Self.admin(daemon) } catch {
            daemon.signal(SIGKILL)
            throw error
        }
        #expect(await Self.readiness(admin, becomes: 200) == "ready\n", "\(daemon.stderr)")
        return (install, daemon, admin)
    }

    @Test func anSQLiteStoreLockedByAnotherProcessMakesTheDaemonNotReadyUntilItIsFreed() async throws {
        let (install, daemon, admin) = try await Self.readySQLiteDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }

        // Another process (this one) takes the store's write lock and keeps it, as a backup tool or a
        // `sqlite3` session left in a transaction does.
        var config = Configuration()
        config.busyMode = .timeout(30)
        let other = try DatabaseQueue(path: install.storePath, configuration: config)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? other.inTransaction(.immediate) { _ in
                holding.signal()
                release.wait()
                return .rollback
            }
            holding.signal()
        }
        holding.wait()
        let down = await Self.readiness(admin, becomes: 503)
        #expect(down?.hasPrefix("not ready: the store has not answered for ") == true, "\(String(describing: down))")
        #expect(down?.contains("database is locked") == true || down?.contains("a check has waited") == true, "\(String(describing: down))")
        #expect(await Self.storeUp(admin) == 0)
        release.signal()
        #expect(await Self.readiness(admin, becomes: 200) == "ready\n", "\(daemon.stderr)")
        #expect(await Self.storeUp(admin) == 1)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 60) == 0, "\(daemon.stderr)")
    }

    /// The store file deleted under the running daemon (an operator's or a cleanup job's mistake): it wrote on
    /// into the unlinked file, `/readyz` said ready, and all of it was lost at the next start (trial3 finding 5).
    /// Now not ready, with why, and the commands say a daemon runs on the store rather than "no store there yet";
    /// put back, ready again.
    @Test func anSQLiteStoreDeletedUnderTheDaemonMakesItNotReadyAndIsSaid() async throws {
        let (install, daemon, admin) = try await Self.readySQLiteDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }

        let aside = install.storePath + ".aside"
        #expect(rename(install.storePath, aside) == 0)
        let down = await Self.readiness(admin, becomes: 503)
        #expect(down?.contains("the store file was deleted or moved away under the running daemon") == true, "\(String(describing: down))")
        let (status, _, stderr) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(status != 0 && stderr.contains("no store file there, though a wirewatch (pid \(daemon.pid)) runs on this store"), "\(stderr)")

        #expect(rename(aside, install.storePath) == 0)
        #expect(await Self.readiness(admin, becomes: 200) == "ready\n", "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 60) == 0, "\(daemon.stderr)")
    }
}
