import Foundation
import Testing
import TestSupport

/// `wirewatch feeds`: what each feed did and will do, read from the store the daemon keeps.
@Suite struct FeedsCommandTests {
    struct Row: Decodable {
        var id: String
        var lastResult: String?
        var lastError: String?
        var nextPoll: Date?
        var interval: Double
        var intervalSource: String
        var errorStreak: Int
        var articlesSeen: Int
    }

    @Test func beforeTheFirstRunNothingIsCreated() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, stdout, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(status == 0)
        #expect(stdout.contains("test-desk") && stdout.contains("never polled"))
        #expect(!FileManager.default.fileExists(atPath: install.dir.appendingPathComponent("var/state.sqlite").path))
    }

    @Test func showsResultsErrorsAndArticles() async throws {
        let site = DemoSite([EndToEndTests.distillation, EndToEndTests.weather])
        let server = try await LoopbackHTTPServer { request in
            request.path == "/gone.xml" ? .init(status: 404, text: "no") : site.respond(request)
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "1h")
        var config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "sinks:", with: "  - id: gone\n    url: \(server.baseURL)/gone.xml\nsinks:")
        try config.write(toFile: install.configPath, atomically: true, encoding: .utf8)

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { daemon.stderr.contains("feed failed") && install.alertLines().count == 1 }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)

        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let rows = try decoder.decode([Row].self, from: Data(json.utf8))
        #expect(rows.map(\.id) == ["test-desk", "gone"])
        #expect(rows[0].lastResult == "ok")
        #expect(rows[0].articlesSeen == 2)
        #expect(rows[0].interval == 3600 && rows[0].intervalSource == "config")
        #expect(rows[0].nextPoll != nil)
        #expect(rows[1].lastResult == "http-4xx")
        #expect(rows[1].lastError == "HTTP 404")
        #expect(rows[1].errorStreak == 1)

        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(table.split(separator: "\n").first?.hasPrefix("FEED") == true)
        #expect(table.contains("gone: HTTP 404"))
        // The daemon stopped: the table says no daemon polls what is due (exploratory finding of stop 33).
        #expect(table.hasSuffix("no daemon runs on this store: what is due is polled when one starts\n"), "\(table)")
    }
}
