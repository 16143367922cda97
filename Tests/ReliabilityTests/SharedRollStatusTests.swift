import Foundation
import Testing
import TestSupport

/// Seeing the share from beside the daemons: `wirewatch store daemons` lists the roll call, and `feeds`
/// shows the live daemon each feed prefers; one line and exit 1 on a file store or a server that does not answer.
@Suite struct SharedRollStatusTests {
    struct Daemon: Decodable, Equatable {
        var owner: String
        var host: String?
        var pid: Int32?
        var live: Bool
        var preferredFeeds: Int
        var here: Bool
    }

    struct Feed: Decodable {
        var id: String
        var preferredDaemon: String?
        var preferredHere: Bool?
    }

    /// Runs `wirewatch ARGS` with `environment` to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String, String) {
        let p = try ChildProcess(arguments: arguments, environment: environment)
        defer { if p.isRunning { p.signal(SIGKILL) } }
        let status = try #require(await p.wait(timeout: 60), "wirewatch \(arguments) did not exit in time")
        return (status, p.stdout, p.stderr)
    }

    @Test func theDaemonsAndTheFeedsTheyPreferAreListed() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("share_status")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try DaemonInstall(feeds: SharedPollsTests.feeds.enumerated().map { ("f\($0.offset)", server.baseURL + $0.element) },
                                        interval: "1m", store: "{ url: '\(url)', heartbeat: 1s }")
        let daemons = try ["east", "west"].map {
            try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["WIREWATCH_OWNER": $0])
        }
        defer { for d in daemons where d.isRunning { d.signal(SIGKILL) } }
        func said() -> String { daemons.map(\.stderr).joined(separator: "\n---\n") }
        #expect(await eventually(timeout: 60) { daemons.allSatisfy { $0.stderr.contains("the daemons sharing the store changed") } }, "\(said())")
        // A third row, of a daemon gone from another machine an hour ago: listed, not live, preferring nothing.
        _ = try postgres.psql("""
            INSERT INTO daemon_presence (owner, nonce, started, heard, live_until, host, pid, pid_space, pid_start, pid_nonce)
            VALUES ('north', 'n', now() - interval '2 hours', now() - interval '1 hour', now() - interval '1 hour', 'far', 77, 'x', 1, 'n')
            """, database: database)

        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let host = ProcessInfo.processInfo.hostName
        var (status, out, err) = try await Self.run(["store", "daemons", "--json", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "east"])
        #expect(status == 0, "\(err)")
        #expect(try decoder.decode([Daemon].self, from: Data(out.utf8)) == [
            Daemon(owner: "east", host: host, pid: daemons[0].pid, live: true, preferredFeeds: 20, here: true),
            Daemon(owner: "north", host: "far", pid: 77, live: false, preferredFeeds: 0, here: false),
            Daemon(owner: "west", host: host, pid: daemons[1].pid, live: true, preferredFeeds: 20, here: false),
        ], "\(out)")
        // Without $WIREWATCH_OWNER, the config's daemons are those on this machine.
        (status, out, err) = try await Self.run(["store", "daemons", "--config", install.configPath])
        #expect(status == 0, "\(err)")
        let lines = out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("DAEMON") == true && lines.count == 4, "\(out)")
        #expect(lines.contains { $0.hasPrefix("east (here)") && $0.contains(" \(daemons[0].pid) ") && $0.hasSuffix("yes   20") }, "\(out)")
        #expect(lines.contains { $0.hasPrefix("north ") && $0.contains(" far ") && $0.hasSuffix("no    -") }, "\(out)")

        (status, out, err) = try await Self.run(["feeds", "--json", "--config", install.configPath], environment: ["WIREWATCH_OWNER": "west"])
        #expect(status == 0, "\(err)")
        let feeds = try decoder.decode([Feed].self, from: Data(out.utf8))
        #expect(feeds.count == 40)
        for feed in feeds {
            let east = SharedPollsTests.eastsFeeds.contains(feed.id)
            #expect(feed.preferredDaemon == (east ? "east" : "west") && feed.preferredHere == !east, "\(feed.id)")
        }
        (status, out, err) = try await Self.run(["feeds", "--config", install.configPath])
        #expect(out.split(separator: "\n").first?.contains("DAEMON") == true, "\(out)")
        #expect(out.split(separator: "\n").contains { $0.hasPrefix("f5 ") && $0.contains("east (here)") }, "\(out)")

        // East stops: every feed prefers West.
        daemons[0].signal(SIGTERM)
        #expect(await daemons[0].wait(timeout: 30) == 0, "\(daemons[0].stderr)")
        (status, out, err) = try await Self.run(["feeds", "--json", "--config", install.configPath])
        #expect(try decoder.decode([Feed].self, from: Data(out.utf8)).allSatisfy { $0.preferredDaemon == "west" }, "\(out)")
    }

    @Test func aFileStoreOrAServerThatDoesNotAnswerIsOneLine() async throws {
        let file = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")])
        try await CommandFailureTests.expectOneLine(
            ["store", "daemons", "--config", file.configPath],
            saying: "only a shared PostgreSQL store has daemons to list; this config's store is a file, used by one daemon\n")
        let hole = try BlackHole()
        defer { hole.close() }
        let silent = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")],
                                       store: "{ url: 'postgres://watch:hunter2@127.0.0.1:\(hole.port)/news', time_limit: 2s }")
        try await CommandFailureTests.expectOneLine(
            ["store", "daemons", "--json", "--config", silent.configPath],
            saying: "postgres://watch:[redacted]@127.0.0.1:\(hole.port)/news: cannot read the roll call: "
                + "postgres 127.0.0.1:\(hole.port) database news: no answer to a new connection in 2 s\n")
    }
}
