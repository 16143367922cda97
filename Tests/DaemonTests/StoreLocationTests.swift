import Foundation
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `store:` names a PostgreSQL database by URL, checked at load, its password never said.
@Suite struct StoreLocationTests {
    func parse(_ store: String, path: String = "/etc/wirewatch/wirewatch.yaml", home: String = TestHome.empty) -> Result<DaemonConfig, Diagnostics> {
        StoreConfigTests().parse(store, path: path, home: home)
    }

    @Test func aURLNamesAPostgreSQLStore() throws {
        for written in ["postgres://ww@db.example:5433/wirewatch", "{ url: 'postgresql://ww@db.example/wirewatch', retention: { articles: 7d } }",
                        "'postgres:///wirewatch?host=/run/postgresql'"] {
            let config = try parse(written).get()
            guard case .postgres(let location) = config.store else { Issue.record("not PostgreSQL: \(written)"); continue }
            #expect(location.url.contains("wirewatch"))
            #expect(config.store.filePath == nil)
        }
        let mapped = try parse("{ url: 'postgres://ww@db/wirewatch', claim_lease: 30s, retention: { articles: 7d } }").get()
        #expect(mapped.retention.articles == TimeInterval(7 * 86400))
        #expect(mapped.store == .postgres(PostgresLocation(url: "postgres://ww@db/wirewatch", claimLease: 30)))
        let limited = try parse("{ url: 'postgres://ww@db/wirewatch', time_limit: 10s }").get()
        guard case .postgres(let location) = limited.store else { Issue.record("not PostgreSQL"); return }
        #expect(location.timeLimit == 10)
    }

    @Test func theHeartbeatIsAPostgreSQLStoresAndAtLeastASecond() throws {
        let shared = try parse("{ url: 'postgres://ww@db/wirewatch', heartbeat: 2s }").get()
        #expect(shared.store.heartbeat == 2)
        #expect(try parse("'postgres://ww@db/wirewatch'").get().store.heartbeat == PostgresLocation.defaultHeartbeat)
        for (store, message, column) in [
            ("{ path: s.sqlite, heartbeat: 5s }", "'heartbeat' in 'store' goes with 'url' (a PostgreSQL store): only daemons sharing one answer a roll call", 37),
            ("{ url: 'postgres://ww@db/ww', heartbeat: 500ms }", "'heartbeat' in 'store' must be at least 1s (got '500ms')", 49),
        ] {
            guard case .failure(let d) = parse(store) else { Issue.record("accepted: \(store)"); continue }
            #expect(d.items.map(\.message) == [message], "\(store)")
            #expect(d.items.first?.line == 1 && d.items.first?.column == column, "\(store): \(d.items.map(\.column))")
        }
    }

    @Test func aPathIsStillAFile() throws {
        let config = try parse("var/state.sqlite").get()
        #expect(config.store == .file("/etc/wirewatch/var/state.sqlite"))
        #expect(config.storePath == "/etc/wirewatch/var/state.sqlite")
    }

    @Test func mistakesNameTheirLineAndColumnAndNeverThePassword() {
        let cases: [(String, String, Int)] = [
            ("mysql://ww:s3cret@db/wirewatch", "'store': a store URL starts with postgres:// or postgresql:// (got 'mysql://'); a file store is a path", 8),
            ("postgres://ww:s3cret@db.example", "'store': the PostgreSQL URL names no database: give it as the path, as in postgres://wirewatch@db.example/wirewatch", 8),
            ("'postgres://ww:s3cret@db:fivefour/wirewatch'", "'store': the PostgreSQL URL cannot be read; characters such as @, : or / in the user or password must be percent-encoded (%40, %3A, %2F)", 8),
            ("'postgres:///wirewatch'", "'store': the PostgreSQL URL names no server: give its host, as in postgres://wirewatch@db.example/wirewatch, or a Unix socket directory, as in postgres:///wirewatch?host=/run/postgresql", 8),
            ("{ path: s.sqlite, url: 'postgres://ww:s3cret@db/ww' }", "'store' takes 'path' (an SQLite file) or 'url' (PostgreSQL), not both", 31),
            ("{ path: s.sqlite, password_file: pw }", "'password_file' in 'store' goes with 'url' (a PostgreSQL store); a file store has no password", 41),
            ("{ path: s.sqlite, time_limit: 5s }", "'time_limit' in 'store' goes with 'url' (a PostgreSQL store): a file store has no server to wait for", 38),
            ("{ url: 'postgres://ww:s3cret@db/ww', time_limit: 0s }", "'time_limit' in 'store' must be at least 1s (got '0s')", 57),
            ("{ path: s.sqlite, claim_lease: 1m }", "'claim_lease' in 'store' goes with 'url' (a PostgreSQL store): only daemons sharing one claim deliveries", 39),
            ("'postgres://ww@db/ww?password=s3cret'", "'store': a password in the URL's query is not read: give it as postgres://user:password@…, in password_file or in PGPASSWORD", 8),
            ("'postgres://ww:s3cret@db/ww?sslmode=verify-full'", "'store': sslmode=verify-full needs sslrootcert: the CA file that signed the server's certificate (sslrootcert=/etc/…/root.crt), or sslrootcert=system for the system's trust store; libpq's default, \(StoreURLTLSTests.libpqRoot), is not there either", 8),
            ("{ url: 'postgres://ww:s3cret@db/ww?host=/run/postgresql&application_name=ww' }", "'store': 'application_name' in the URL's query is not supported: the store reads host= (a Unix socket directory), sslmode, sslrootcert, sslcert, sslkey and sslpassword", 15),
        ]
        for (store, message, column) in cases {
            guard case .failure(let d) = parse(store) else { Issue.record("accepted: \(store)"); continue }
            #expect(d.items.map(\.message) == [message], "\(store)")
            #expect(d.items.first?.line == 1 && d.items.first?.column == column, "\(store)")
            #expect(!d.description.contains("s3cret"))
        }
    }

    @Test func thePasswordComesFromAFileAndIsNeverSaid() throws {
        let dir = try makeTemporaryDirectory()
        try "hunter2:@/\n".write(to: dir.appendingPathComponent("pg-password"), atomically: true, encoding: .utf8)
        let config = try parse("{ url: 'postgres://ww@db.example/wirewatch', password_file: pg-password }",
                               path: dir.appendingPathComponent("wirewatch.yaml").path).get()
        guard case .postgres(let location) = config.store else { Issue.record("not PostgreSQL"); return }
        let url = location.connectionURL(environment: [:])
        #expect(URLComponents(string: url)?.password == "hunter2:@/")
        #expect(URLComponents(string: url)?.user == "ww")
        #expect(!"\(config.store)".contains("hunter2") && config.storePath == "postgres://ww@db.example/wirewatch")
        #expect(location.redacting("connection to db.example failed for hunter2:@/") == "connection to db.example failed for [redacted]")
        // PGPASSWORD from the environment the URL was made with, not the process's; percent-encoded as in the URL too.
        let bare = PostgresLocation(url: "postgres://ww@db.example/wirewatch")
        #expect(bare.redacting("for s3cret:x and s3cret%3Ax", environment: ["PGPASSWORD": "s3cret:x"]) == "for [redacted] and [redacted]")

        guard case .failure(let missing) = parse("{ url: 'postgres://ww@db/ww', password_file: nowhere }",
                                                 path: dir.appendingPathComponent("wirewatch.yaml").path) else {
            Issue.record("a missing password file was accepted"); return
        }
        #expect(missing.items.map(\.message) == ["'password_file' in 'store': \(dir.appendingPathComponent("nowhere").path) does not exist"])
    }

    @Test func aPasswordInTheURLIsRedactedAndPGPASSWORDFillsAMissingOne() {
        let inURL = PostgresLocation(url: "postgres://ww:s3cret@db.example:5432/wirewatch?password=other")
        #expect(inURL.description == "postgres://ww:[redacted]@db.example:5432/wirewatch?password=[redacted]")
        #expect(inURL.connectionURL(environment: ["PGPASSWORD": "env"]) == inURL.url)
        let bare = PostgresLocation(url: "postgres://ww@db.example/wirewatch")
        #expect(URLComponents(string: bare.connectionURL(environment: ["PGPASSWORD": "from env"]))?.password == "from env")
        #expect(bare.connectionURL(environment: [:]) == bare.url)
    }
}
