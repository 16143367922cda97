import Foundation
import GRDB
import Store
import Testing
import TestSupport
import WirewatchCore

/// What `store copy` refuses, each in one line with exit status 1, and what it leaves as it was.
@Suite struct StoreCopyRefusalTests {
    /// A config whose store is an SQLite file holding one feed's state, and a new database.
    struct Setup {
        let install: DaemonInstall
        let url: String
        let database: String
        init() throws {
            install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")])
            try SQLiteStore(path: install.storePath).save(FeedState(feed: FeedID("f"), url: "http://127.0.0.1:9/f.xml", etag: "\"e1\""))
            url = try PostgresServer.shared().makeDatabase("refusal")
            database = String(try #require(URLComponents(string: url)).path.dropFirst())
        }
        func copy(_ extra: [String] = []) async throws -> (Int32, String, String) {
            try await ChildProcess.run(["store", "copy", "--config", install.configPath, "--to", url] + extra)
        }
        func rows(_ table: String) throws -> String {
            try PostgresServer.shared().psql("SELECT count(*) FROM \(table)", database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test func aDatabaseThatAlreadyHoldsStateIsRefused() async throws {
        let s = try Setup()
        let (status, out, err) = try await s.copy()
        #expect(status == 0 && out.hasPrefix("copied 1 row from \(s.install.storePath) to postgres://postgres@localhost/\(s.database)"), "\(out) \(err)")
        let (again, _, why) = try await s.copy()
        let socket = try PostgresServer.shared().socketDirectory
        #expect(again == 1)
        #expect(why == "postgres \(socket) port 5432 database \(s.database): the database already holds wirewatch state (rows in feed_state); "
                + "store copy writes only into a new, empty database\n", "\(why)")
        #expect(try s.rows("feed_state") == "1")
    }

    @Test func aStoreADaemonRunsOnIsRefused() async throws {
        let s = try Setup()
        let daemon = try ChildProcess(arguments: ["run", "--config", s.install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("wirewatch ready") }, "\(daemon.stderr)")
        let (status, _, why) = try await s.copy()
        #expect(status == 1)
        #expect(why == "\(s.install.storePath): a wirewatch (pid \(daemon.pid)) is running on this store; stop it first (systemctl stop wirewatch), then copy\n")
        // Refused before the database was touched: not even migrated.
        #expect(try PostgresServer.shared().psql("SELECT to_regclass('feed_state') IS NULL", database: s.database).hasPrefix("t"))
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }

    /// A schema this build does not know, newer (a migration it lacks) or older (one it has, not applied).
    @Test(arguments: [
        ("INSERT INTO grdb_migrations VALUES ('v99-future')",
         "written by a newer wirewatch (schema v99-future, unknown to this one); copy it with that version"),
        ("DELETE FROM grdb_migrations WHERE identifier = 'v8-delivery-queue'",
         "written by an older wirewatch; start the daemon once to upgrade the store, then try again"),
    ])
    func aStoreOfAnotherVersionIsRefused(_ change: String, _ message: String) async throws {
        let s = try Setup()
        try await DatabaseQueue(path: s.install.storePath).write { try $0.execute(sql: change) }
        let (status, _, why) = try await s.copy()
        #expect(status == 1)
        #expect(why == "\(s.install.storePath): \(message)\n")
    }

    @Test func aDryRunCountsAndWritesNothing() async throws {
        let s = try Setup()
        let (status, out, err) = try await s.copy(["--dry-run", "--json"])
        #expect(status == 0, "\(err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(out)")
        #expect(summary["dryRun"] as? Bool == true && (summary["tables"] as? [String: Int])?["feed_state"] == 1, "\(out)")
        // Rolled back, the schema with it.
        #expect(try PostgresServer.shared().psql("SELECT to_regclass('feed_state') IS NULL", database: s.database).hasPrefix("t"))
        let (copied, _, why) = try await s.copy()
        #expect(copied == 0, "\(why)")
    }

    /// The command's other one-line exits: what it was given does not name a copy it can make.
    @Test func whatCannotBeCopiedIsSaidInOneLine() async throws {
        let s = try Setup()
        let shared = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")], store: "'postgres://watch@127.0.0.1:1/news'")
        let dir = try makeTemporaryDirectory("copy-exits")
        let empty = dir.appendingPathComponent("empty")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        let missing = dir.appendingPathComponent("missing.sqlite").path
        let cases: [([String], String)] = [
            (["--config", s.install.configPath, "--from", missing, "--to", "postgres://watch@127.0.0.1:1/news"], "\(missing): no store there to copy"),
            (["--config", s.install.configPath, "--to", "postgres://watch@127.0.0.1:1/news", "--password-file", empty.path],
             "--password-file: \(empty.path) holds no password"),
        ]
        for (arguments, message) in cases {
            let (status, out, why) = try await ChildProcess.run(["store", "copy"] + arguments)
            #expect(status == 1 && out.isEmpty && why == message + "\n", "\(arguments): \(why)")
        }
        // An option missing, or one too many, for the config's store is a mistake in the command line: 64 and the
        // usage, as operations.md says of store copy (trial finding 10's addendum).
        let mistakes: [([String], String)] = [
            (["--config", shared.configPath],
             "the config's store is PostgreSQL (postgres://watch@127.0.0.1:1/news); name the SQLite store to copy with --from PATH"),
            (["--config", shared.configPath, "--from", s.install.storePath, "--password-file", empty.path],
             "--password-file goes with --to; the config's store has its own password_file"),
            (["--config", s.install.configPath],
             "name the PostgreSQL database to copy into with --to postgres://user@host/database (the config's store is a file)"),
            (["--config", s.install.configPath, "--to", "/var/backups/state.sqlite"],
             "--to names a PostgreSQL database (postgres://user@host/database), not a file: store copy copies into PostgreSQL only; "
                + "an SQLite store is backed up with sqlite3's .backup (operations.md)"),
            (["--config", s.install.configPath, "--to", "mysql://x/y"],
             "--to: a store URL starts with postgres:// or postgresql:// (got 'mysql://'); a file store is a path"),
        ]
        for (arguments, message) in mistakes {
            let (status, out, why) = try await ChildProcess.run(["store", "copy"] + arguments)
            #expect(status == 64 && out.isEmpty && why.hasPrefix("Error: " + message + "\n") && why.contains("Usage: wirewatch store copy"),
                    "\(arguments): \(why)")
        }
        // Two passwords on the command line is a mistake in the command line itself: 64, with the usage
        // (operations.md, "Commands: exit status"); it exited 1 (trial finding 7).
        let (twice, none, said) = try await ChildProcess.run(["store", "copy", "--config", s.install.configPath, "--to",
                                                              "postgres://watch:pw@127.0.0.1:1/news", "--password-file", empty.path])
        #expect(twice == 64 && none.isEmpty, "\(said)")
        #expect(said.hasPrefix("Error: --to has a password and --password-file gives another; keep the one in the file\n"), "\(said)")
        #expect(said.contains("Usage: wirewatch store copy") && !said.contains("pw@"), "\(said)")
        // A file that is not an SQLite store.
        let notAStore = dir.appendingPathComponent("notes.txt").path
        try String(repeating: "not a database\n", count: 200).write(toFile: notAStore, atomically: true, encoding: .utf8)
        let (status, _, why) = try await s.copy(["--from", notAStore])
        #expect(status == 1 && why.hasPrefix("\(notAStore): not a wirewatch store") && why.split(separator: "\n").count == 1, "\(why)")
    }

    /// A value that is not what its column holds is refused by name, and nothing is written.
    @Test func aTimeThatIsNoTimeIsRefusedByColumnAndRow() async throws {
        let s = try Setup()
        try await DatabaseQueue(path: s.install.storePath).write { try $0.execute(sql: "UPDATE feed_state SET next_poll = 'soon'") }
        let (status, _, why) = try await s.copy()
        #expect(status == 1)
        #expect(why == "\(s.install.storePath): feed_state.next_poll in row 1 is not a time: \"soon\"\n", "\(why)")
        #expect(try PostgresServer.shared().psql("SELECT to_regclass('feed_state') IS NULL", database: s.database).hasPrefix("t"))
    }

    /// Into the config's own database, the copy waits for the server as long as the daemon would (store.time_limit).
    @Test func theConfigsTimeLimitBoundsTheWaitForItsServer() async throws {
        let s = try Setup()
        let hole = try BlackHole()
        defer { hole.close() }
        let shared = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")],
                                       store: "{ url: 'postgres://watch@127.0.0.1:\(hole.port)/news', time_limit: 2s }")
        let (status, _, why) = try await ChildProcess.run(["store", "copy", "--config", shared.configPath, "--from", s.install.storePath],
                                                          timeout: 60)
        #expect(status == 1)
        #expect(why.contains("postgres 127.0.0.1:\(hole.port) database news: no answer to a new connection in 2 s"), "\(why)")
    }

    @Test func thePasswordIsNeverPrinted() async throws {
        let s = try Setup()
        let (status, _, why) = try await ChildProcess.run(["store", "copy", "--config", s.install.configPath,
                                                           "--to", "postgres://watch:hunter2@127.0.0.1:1/news"])
        #expect(status == 1 && why.hasPrefix("postgres 127.0.0.1:1 database news: ") && !why.contains("hunter2"), "\(why)")
        // In words, not the driver's dump of its types (trial finding 7).
        #expect(why == "postgres 127.0.0.1:1 database news: connection refused: is the server running, and listening on that address and port?\n",
                "\(why)")
        let secret = try makeTemporaryDirectory("secret").appendingPathComponent("pw")
        try "swordfish\n".write(to: secret, atomically: true, encoding: .utf8)
        let (viaFile, _, said) = try await ChildProcess.run(["store", "copy", "--config", s.install.configPath,
                                                             "--to", "postgres://watch@127.0.0.1:1/news", "--password-file", secret.path])
        #expect(viaFile == 1 && !said.contains("swordfish"), "\(said)")
    }
}
