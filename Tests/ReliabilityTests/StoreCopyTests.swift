import Foundation
import Testing
import TestSupport

/// An operator moves from SQLite to PostgreSQL: a daemon ran on SQLite until it had alerted (one
/// webhook down, so its deliveries wait; one refusing, so its deliveries are dead), was stopped, and
/// `store copy` moved its state. A daemon on the database then carries on where the first stopped.
@Suite struct StoreCopyTests {
    @Test func aDaemonOnTheCopiedDatabaseCarriesOnWhereTheSQLiteOneStopped() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("moved")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let desk = NewsDesk()
        // The feed as a server with validators: 304 to a request that sends the current ETag back.
        let server = try await LoopbackHTTPServer { r in
            let count = desk.stories(on: r.path).count
            let etag = "\"v\(count)\""
            let modified = "Sun, 29 Nov 2026 10:00:\(count < 10 ? "0" : "")\(count) GMT"
            if r.header("If-None-Match") == etag { return .init(status: 304, headers: [("ETag", etag), ("Last-Modified", modified)]) }
            var response = desk.respond(r)
            response.headers += [("ETag", etag), ("Last-Modified", modified)]
            return response
        }
        defer { Task { await server.shutdown() } }
        let waiting = WebhookReceiver(.fail(503))
        let waitingHook = try await waiting.start()
        defer { Task { await waitingHook.shutdown() } }
        let refusing = WebhookReceiver(.fail(400))
        let refusingHook = try await refusing.start()
        defer { Task { await refusingHook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/f.xml"])
        var random = SeededRandom(seed: 3)
        for i in 0..<6 { wire.publish(i, random: &random) }
        let m = wire.matching.count
        try #require(m > 0)
        let sinks = """
              - id: waiting
                type: webhook
                url: \(waitingHook.baseURL)/hook
                retry: { initial: 1s, max: 2s }
              - id: refusing
                type: webhook
                url: \(refusingHook.baseURL)/hook
            """
        let onFile = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], extraSinks: sinks, rules: WireService.rule, interval: "2s")
        let onDatabase = try DaemonInstall(feeds: [("f", server.baseURL + "/f.xml")], extraSinks: sinks, rules: WireService.rule,
                                           interval: "2s", store: "'\(url)'")
        func outbox(_ install: DaemonInstall) async throws -> [String: Any] {
            let (status, out, err) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
            guard status == 0 else { throw ReadFailed(what: err) }
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        }
        func counts(_ install: DaemonInstall) async -> [Int]? {
            guard let o = try? await outbox(install) else { return nil }
            return ["pending", "delivered", "dead"].map { o[$0] as? Int ?? -1 }
        }

        // On SQLite: every matching story alerted; the waiting hook's deliveries pending, the refusing hook's dead.
        let first = try ChildProcess(arguments: ["run", "--config", onFile.configPath])
        defer { if first.isRunning { first.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60, every: 0.5) {
            await counts(onFile) == [m, m, m] && Set(waiting.requests.compactMap { $0.header("Idempotency-Key") }).count == m
        }, "\(first.stderr)")
        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 30) == 0, "\(first.stderr)")
        let keys = Set(waiting.requests.compactMap { $0.header("Idempotency-Key") })
        #expect(onFile.lines().count == m)

        // The copy: every table's rows, counted.
        let (status, out, err) = try await ChildProcess.run(["store", "copy", "--config", onFile.configPath, "--to", url, "--json"])
        #expect(status == 0, "\(err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(out)")
        let tables = try #require(summary["tables"] as? [String: Int], "\(out)")
        #expect(tables["alert"] == m && tables["delivery"] == 3 * m && tables["article"] == 6 && tables["seen_item"] == 6
                && tables["feed_state"] == 1 && tables["feed_schedule"] == 1, "\(out)")
        #expect(try postgres.psql("SELECT count(*) FROM delivery WHERE state = 'pending'", database: database).hasPrefix("\(m)"))

        // `rules backtest` on the database reads the copied articles.
        let (backtested, report, why) = try await ChildProcess.run(["rules", "backtest", "--json", "--since", "30d", "--config", onDatabase.configPath])
        #expect(backtested == 0, "\(why)")
        let backtest = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any], "\(report)")
        #expect(backtest["articles"] as? Int == 6, "\(report)")
        #expect((backtest["rules"] as? [[String: Any]])?.first?["articles"] as? Int == m, "\(report)")

        // A new story arrives while the daemons are switched; the waiting hook is back.
        let seenBefore = server.requests.count
        var next = 6
        while wire.matching.count == m { wire.publish(next, random: &random); next += 1 }
        waiting.set(.accept)

        let second = try ChildProcess(arguments: ["run", "--config", onDatabase.configPath])
        defer { if second.isRunning { second.signal(SIGKILL) } }
        // The waiting deliveries go out under their original keys, and the new story's alert with them.
        #expect(await eventually(timeout: 60) { waiting.processed.count == m + 1 && onDatabase.lines().count == 1 },
                "\(second.stderr) \(waiting.processed)")
        #expect(Set(waiting.processed).isSuperset(of: keys))
        // Only the new story alerted: the ones the SQLite daemon had seen did not, again.
        let line = try #require(onDatabase.lines().first)
        let newGuids = wire.matching.filter { guid in !desk.stories(on: "/f.xml").prefix(6).contains { $0.guid == guid } }
        #expect(newGuids.count == 1 && line.contains(newGuids.first!), "\(line)")
        #expect(try postgres.psql("SELECT count(*) FROM alert", database: database).hasPrefix("\(m + 1)"))
        // Its first poll was conditional, with the validators the SQLite daemon had kept.
        let firstPoll = try #require(server.requests.dropFirst(seenBefore).first)
        #expect(firstPoll.header("If-None-Match") == "\"v6\"" && firstPoll.header("If-Modified-Since") == "Sun, 29 Nov 2026 10:00:06 GMT",
                "\(firstPoll.headers)")
        // The dead letters are still there to see: the copied ones and the new alert's.
        #expect(await eventually(timeout: 60, every: 0.5) { await counts(onDatabase) == [0, 2 * m + 2, m + 1] }, "\(second.stderr)")
        let list = try await outbox(onDatabase)
        let dead = try #require(list["deadLetters"] as? [[String: Any]])
        #expect(dead.count == m + 1 && dead.allSatisfy { $0["sink"] as? String == "refusing" }, "\(dead)")
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 30) == 0, "\(second.stderr)")
    }

    struct ReadFailed: Error { var what: String }
}
