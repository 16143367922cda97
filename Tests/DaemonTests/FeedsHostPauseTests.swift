import Foundation
import Testing
import TestSupport

/// A 503 or 429 with Retry-After holds every feed on its host. `wirewatch feeds`
/// shows the hold on the feeds it delays: their next poll is when it ends, and a
/// note says why (it said "due" for a feed that would not be polled for an hour).
@Suite struct FeedsHostPauseTests {
    struct Row: Decodable {
        var id: String
        var nextPoll: Date?
        var hostPausedUntil: Date?
    }

    @Test func aFeedHeldByItsHostsRetryAfterShowsTheHold() async throws {
        let site = DemoSite([EndToEndTests.weather])
        let server = try await LoopbackHTTPServer { request in
            request.path == "/busy.xml" ? .init(status: 503, headers: [("Retry-After", "3600")], text: "busy") : site.respond(request)
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "2s")
        var config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "sinks:", with: "  - id: busy\n    url: \(server.baseURL)/busy.xml\nsinks:")
        try config.write(toFile: install.configPath, atomically: true, encoding: .utf8)

        let started = Date()
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { daemon.stderr.contains("host asked for a pause") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)

        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let rows = try decoder.decode([Row].self, from: Data(json.utf8))
        let desk = try #require(rows.first { $0.id == "test-desk" })
        let pause = try #require(desk.hostPausedUntil, "\(json)")
        #expect(pause > started.addingTimeInterval(3000))
        #expect(desk.nextPoll == pause)

        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("test-desk ") }, "\(table)")
        // An hour's hold, less however long the daemon and the command took on a loaded machine.
        let minutes = row.firstMatch(of: /in (\d+)m/).flatMap { Int($0.1) }
        #expect(!row.contains("due") && (50...60).contains(minutes ?? 0), "\(table)")
        // Held with the feeds of that server (host and port), not every service on 127.0.0.1 (trial finding 22).
        let origin = server.baseURL.dropFirst("http://".count)
        #expect(table.contains("test-desk: held with every feed of \(origin), which asked for a pause (Retry-After) until "), "\(table)")
    }
}
