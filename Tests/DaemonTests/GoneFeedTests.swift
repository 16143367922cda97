import Foundation
import Synchronization
import Testing
import TestSupport

/// A feed whose server answers 410 Gone, as an operator meets it: `wirewatch
/// run` as a child process, `wirewatch feeds` beside it.
@Suite struct GoneFeedTests {
    struct Row: Decodable {
        var id: String
        var lastResult: String?
        var brokenSince: Date?
    }

    static func feeds(_ install: DaemonInstall) async throws -> Row {
        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try #require(try decoder.decode([Row].self, from: Data(json.utf8)).first)
    }

    @Test func aGoneFeedIsMarkedGoneSaidOnceAndRevivedByALaterSuccess() async throws {
        let gone = Mutex(true)
        let desk = NewsDesk()
        let server = try await LoopbackHTTPServer { request in
            gone.withLock { $0 } ? .init(status: 410, text: "gone") : desk.respond(request)
        }
        defer { Task { await server.shutdown() } }
        // A backoff cap of 2 s, so that the test sees the feed asked again.
        let install = try DaemonInstall(feeds: [("world", "\(server.baseURL)/world.xml")],
                                        extraConfig: "poll:\n  max_backoff: 2s\n  broken_alert: { severity: high }")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        func lines(_ text: String) -> [Substring] { daemon.stderr.split(separator: "\n").filter { $0.contains(text) } }
        #expect(await eventually { lines("feed failed").count >= 2 }, "stderr: \(daemon.stderr)")
        let said = lines("the server says the feed is gone")
        #expect(said.count == 1, "\(daemon.stderr)")
        #expect(said.first?.contains("remove it from the config") == true && said.first?.contains("feed=world") == true)
        #expect(lines("feed failed").allSatisfy { $0.contains("error=\"gone: HTTP 410\"") }, "\(daemon.stderr)")
        let row = try await Self.feeds(install)
        #expect(row.lastResult == "gone")
        #expect(row.brokenSince != nil)
        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(table.contains("gone (BROKEN)"), "\(table)")
        let alert = try #require(install.lines().first)
        #expect(alert.contains("wirewatch/feed-broken") && alert.contains("is gone: its server answers 410 Gone"), "\(alert)")

        gone.withLock { $0 = false }
        #expect(await eventually { daemon.stderr.contains("feed recovered") }, "stderr: \(daemon.stderr)")
        // Polled for: the log line and the store's row of the same poll are not one write (a poll that stored
        // entries reads "polling" until its next poll is saved).
        var revived: Row?
        #expect(await eventually { revived = try? await Self.feeds(install); return revived?.lastResult == "ok" && revived?.brokenSince == nil },
                "\(String(describing: revived))")
        #expect(install.lines().count == 1)
    }
}
