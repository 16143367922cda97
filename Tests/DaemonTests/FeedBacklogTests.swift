import Foundation
import Testing
import TestSupport

/// `backlog: skip` (trial finding 24): a feed's first listing is stored and seen without alerting, so an
/// archive or an `opml import` of many feeds pages nobody with old news; what the feed lists later alerts.
@Suite struct FeedBacklogTests {
    struct Row: Decodable {
        var id: String
        var articlesSeen: Int
    }

    static func rows(_ install: TestInstall) async -> [String: Int] {
        guard let (status, json, _) = try? await ChildProcess.run(["feeds", "--json", "--config", install.configPath]), status == 0,
              let rows = try? JSONDecoder().decode([Row].self, from: Data(json.utf8)) else { return [:] }
        return Dictionary(rows.map { ($0.id, $0.articlesSeen) }, uniquingKeysWith: max)
    }

    static let rules = """
        rules:
          - id: distillation
            query: 'DeepSeek AND distil*'
            severity: high
            throttle: { per: article }
        """

    @Test func aNewFeedUnderBacklogSkipAlertsOnlyOnWhatItListsLater() async throws {
        let site = DemoSite([EndToEndTests.distillation, EndToEndTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        // The same backlog under a second feed that keeps the default, by its own `backlog: alert`.
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: Self.rules)
        try install.appendFeed(id: "loud-desk", url: "\(server.baseURL)/loud.xml")
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "/loud.xml\n", with: "/loud.xml\n    backlog: alert\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        try install.appendConfig("poll:\n  backlog: skip\n")

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { await Self.rows(install) == ["test-desk": 2, "loud-desk": 2] }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("first listing of the feed stored without alerts (backlog: skip)"), "\(daemon.stderr)")
        // Polled again (answered 304), and still the one alert: the loud feed's.
        #expect(await eventually { site.notModifiedCount >= 2 }, "\(daemon.stderr)")
        #expect(await eventually { install.alertLines().count == 1 }, "\(daemon.stderr)")
        #expect(install.alertLines().allSatisfy { $0.contains("\"feed\":\"loud-desk\"") }, "\(install.alertLines())")

        // Listed after the first poll: news, on both feeds.
        site.add(.init(guid: "a7", title: "DeepSeek distillation, again",
                       body: "Researchers in Seoul report that DeepSeek distilled a vision model from benchmark answers."))
        #expect(await eventually(timeout: 60) {
            install.alertLines().filter { $0.contains("DeepSeek distillation, again") }.count == 2
        }, "\(daemon.stderr)")
        #expect(install.alertLines().count == 3)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }

    /// A skipped entry edited later (a views counter, a typo fixed) stays quiet: the backlog is never
    /// alerted on (review of schedule, finding 2: the first edit of a matching entry alerted as `revision` 1).
    @Test func aSkippedEntryEditedLaterStaysQuiet() async throws {
        let site = DemoSite([EndToEndTests.distillation, EndToEndTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: Self.rules)
        try install.appendConfig("poll:\n  backlog: skip\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { await Self.rows(install) == ["test-desk": 2] }, "\(daemon.stderr)")
        #expect(await eventually { site.notModifiedCount >= 1 }, "\(daemon.stderr)")

        // The matching entry's body changes, and still matches. A 304 to the new ETag means the poll that
        // read the edit has committed.
        site.edit(guid: "a1", body: "OpenAI says DeepSeek used knowledge distillation on its models' outputs. Updated with a reply.")
        let read = site.notModifiedCount
        #expect(await eventually(timeout: 60) { site.notModifiedCount > read }, "\(daemon.stderr)")
        // Then news, which alerts; the edit before it did not.
        site.add(.init(guid: "a7", title: "DeepSeek distillation, again",
                       body: "Researchers in Seoul report that DeepSeek distilled a vision model from benchmark answers."))
        #expect(await eventually(timeout: 60) { !install.alertLines().isEmpty }, "\(daemon.stderr)")
        #expect(install.alertLines().count == 1 && install.alertLines().allSatisfy { $0.contains("DeepSeek distillation, again") },
                "\(install.alertLines())")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
        #expect(install.alertLines().count == 1, "\(install.alertLines())")
    }

    @Test func aMisspelledBacklogIsRefusedWithItsPlace() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try install.appendConfig("poll:\n  backlog: mark-seen\n")
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status != 0)
        #expect(stderr.contains("wirewatch.yaml:") && stderr.contains("'backlog' in 'poll' must be alert or skip (got 'mark-seen')"), "\(stderr)")
    }
}
