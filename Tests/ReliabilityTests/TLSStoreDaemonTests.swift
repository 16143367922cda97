import Foundation
import Testing
import TestSupport

/// `wirewatch run` on a PostgreSQL store over TLS (verify-full, the CA file in the URL): it polls a
/// loopback feed and writes the feed's alerts, and every session it holds to the store is encrypted.
@Suite struct TLSStoreDaemonTests {
    /// `wirewatch check` on options that do not go together: one line at the URL's line and column, exit 1.
    @Test func checkRefusesABadCombinationAtTheStoreLine() async throws {
        let url = "postgres://ww:s3cret@db.example/ww?sslmode=verify-full"
        let install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")], rules: WireService.rule, interval: "1h",
                                        store: "'\(url)'")
        let lines = try String(contentsOfFile: install.configPath, encoding: .utf8).components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains(url) })
        let column = try #require(lines[row].range(of: "'")).lowerBound.utf16Offset(in: lines[row]) + 1
        let home = TestHome.empty
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1, "\(stderr)")
        #expect(stderr.components(separatedBy: "\n").contains(
            "\(install.configPath):\(row + 1):\(column): 'store': sslmode=verify-full needs sslrootcert: the CA file that signed "
            + "the server's certificate (sslrootcert=/etc/…/root.crt), or sslrootcert=system for the system's trust store; "
            + "libpq's default, \(home)/.postgresql/root.crt, is not there either"), "\(stderr)")
        #expect(!stderr.contains("s3cret"))
    }

    @Test func aDaemonOnAVerifiedTLSStorePollsAndWritesItsAlerts() async throws {
        let postgres = try PostgresServer.sharedTLS()
        let tls = try #require(postgres.tls)
        let database = String(try #require(URLComponents(string: try postgres.makeDatabase("tlsdaemon"))).path.dropFirst())
        let url = postgres.tcpURL(database: database, host: "localhost", query: "sslmode=verify-full&sslrootcert=\(tls.authority)")
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/f.xml"])
        var random = SeededRandom(seed: 5)
        for i in 0..<6 { wire.publish(i, random: &random) }
        let expected = wire.matching
        try #require(!expected.isEmpty)

        let install = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], rules: WireService.rule, interval: "1h",
                                        store: "'\(url)'")
        let (checked, _, why) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(checked == 0, "\(why)")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { AlertLogLines(path: install.alertLog).records.count >= expected.count }, "\(daemon.stderr)")
        let log = AlertLogLines(path: install.alertLog)
        #expect(log.broken.isEmpty && log.records.count == expected.count, "\(install.lines())")
        let sessions = try postgres.psql("""
            SELECT count(*) FILTER (WHERE s.ssl) || ' ' || count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
            WHERE a.datname = '\(database)' AND a.pid <> pg_backend_pid()
            """, database: database).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(sessions.count == 2 && sessions[0] == sessions[1] && sessions[0] != "0", "\(sessions)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }

    /// No TLS file in the URL: the daemon takes libpq's `~/.postgresql/root.crt`, `postgresql.crt` and `postgresql.key`
    /// of its user (HOME), `check` names them at the store's line, and the role that must show a certificate gets in.
    @Test func libpqsHomeFilesAreSaidAtCheckAndUsedByTheDaemon() async throws {
        let postgres = try PostgresServer.sharedTLS()
        let tls = try #require(postgres.tls)
        let home = try TestHome.make("tls-home", postgresql: ["root.crt": tls.authority, "postgresql.crt": tls.clientCertificate,
                                                              "postgresql.key": tls.clientKey])
        let dot = home + "/.postgresql"
        let database = String(try #require(URLComponents(string: try postgres.makeDatabase("tlshome"))).path.dropFirst())
        let url = postgres.tcpURL(database: database, host: "localhost", user: PostgresServer.TLSFiles.clientUser, query: "sslmode=verify-full")
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/f.xml"])
        var random = SeededRandom(seed: 9)
        for i in 0..<4 { wire.publish(i, random: &random) }
        let expected = wire.matching
        try #require(!expected.isEmpty)
        let install = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], rules: WireService.rule, interval: "1h", store: "'\(url)'")
        let (checked, _, said) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["HOME": home])
        #expect(checked == 0, "\(said)")
        #expect(said.contains("'store': TLS uses libpq's default files of this user (\(NSUserName())): \(dot)/postgresql.crt, "
                              + "\(dot)/postgresql.key, \(dot)/root.crt"), "\(said)")
        // Without those files the same config is refused: verify-full has no CA.
        let (refused, _, why) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["HOME": TestHome.empty])
        #expect(refused == 1 && why.contains("needs sslrootcert"), "\(why)")

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["HOME": home])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { AlertLogLines(path: install.alertLog).records.count >= expected.count }, "\(daemon.stderr)")
        let who = try postgres.psql("""
            SELECT string_agg(DISTINCT a.usename || ' ' || s.ssl, ',') FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
            WHERE a.datname = '\(database)' AND a.pid <> pg_backend_pid()
            """, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(who == "\(PostgresServer.TLSFiles.clientUser) true", "\(who)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }

    /// libpq's `~/.postgresql/root.crl` in the home of wirewatch's user: the store cannot check it, so `check` refuses
    /// it at the store's line, and the daemon does not start on it; without it the same config checks clean.
    @Test func libpqsRevocationListInHomeIsRefusedAtCheckAndAtStart() async throws {
        let postgres = try PostgresServer.sharedTLS()
        let tls = try #require(postgres.tls)
        let database = String(try #require(URLComponents(string: try postgres.makeDatabase("tlscrl"))).path.dropFirst())
        let url = postgres.tcpURL(database: database, host: "localhost", query: "sslmode=verify-full")
        let home = try TestHome.make("crl-home", postgresql: ["root.crt": tls.authority])
        let install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")], rules: WireService.rule, interval: "1h", store: "'\(url)'")
        let (clean, _, said) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["HOME": home])
        #expect(clean == 0, "\(said)")
        let list = home + "/.postgresql/root.crl"
        try "-----BEGIN X509 CRL-----\n".write(toFile: list, atomically: true, encoding: .utf8)
        let line = "'store': \(list) (libpq's default sslcrl, which libpq checks the server's certificate against) is not supported: "
        let (refused, _, why) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["HOME": home])
        #expect(refused == 1 && why.contains(line), "\(why)")
        let (stopped, _, reason) = try await ChildProcess.run(["run", "--config", install.configPath], environment: ["HOME": home])
        #expect(stopped != 0 && reason.contains(line), "\(reason)")
    }
}
