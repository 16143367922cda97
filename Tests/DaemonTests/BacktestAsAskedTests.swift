import Foundation
import Testing
import TestSupport

/// `rules backtest` asked what an operator asks after `tail`: since a time (trial2 finding 17), and of a
/// disabled rule, which it runs when named but says is disabled (trial2 finding 12).
@Suite struct BacktestAsAskedTests {
    static let rules = """
        rules:
          - id: distillation
            query: DeepSeek AND distil*
          - id: weather-off
            query: weather
            enabled: false
        """

    /// A store with two articles, one for each rule, written by a daemon that ran and stopped.
    static func storeWithArticles() async throws -> (install: TestInstall, before: Date) {
        let site = DemoSite([
            .init(guid: "a1", title: "DeepSeek distilled", body: "Analysts say DeepSeek distilled rival models."),
            .init(guid: "a2", title: "Weather", body: "Sunny weather for the weekend ahead."),
        ])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "1h", rules: Self.rules)
        // Whole seconds: the time is given on the command line to the second.
        let before = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("new_articles=2") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        return (install, before)
    }

    @Test func sinceTakesATimeAsTailDoes() async throws {
        let (install, before) = try await Self.storeWithArticles()
        let time = before.formatted(.iso8601)
        let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", time])
        #expect(status == 0, "\(err)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "2 stored articles since \(time)", "\(out)")
        #expect(lines.contains { $0.hasPrefix("distillation       1         1  \"DeepSeek distilled\"") }, "\(out)")

        // A time after the articles were stored: none, and the window said as given. A day (from midnight UTC) holds them.
        let later = Date().addingTimeInterval(3600).formatted(.iso8601)
        let (_, none, _) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", later, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(none.utf8)) as? [String: Any], "\(none)")
        #expect(json["articles"] as? Int == 0 && json["since"] as? String == later && json["from"] as? String == later, "\(json)")
        let today = String(time.prefix(10))
        let (_, day, _) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", today])
        #expect(day.hasPrefix("2 stored articles since \(today)T00:00:00Z\n"), "\(day)")

        // What is neither: tail's own words, exit 64 with the usage.
        let (refused, _, why) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", "yesterday"])
        let (tailRefused, _, tailWhy) = try await ChildProcess.run(["tail", "--config", install.configPath, "--since", "yesterday", "--no-follow"])
        let message = "Error: --since must be a duration such as 90m, 6h, 2d or a time such as 2026-11-29T08:00:00Z (got 'yesterday')\n"
        #expect(refused == 64 && why.hasPrefix(message) && why.contains("Usage: wirewatch rules backtest"), "\(why)")
        #expect(tailRefused == 64 && tailWhy.hasPrefix(message), "\(tailWhy)")
    }

    @Test func aDisabledRuleNamedIsRunAndSaidDisabled() async throws {
        let (install, _) = try await Self.storeWithArticles()
        let note = "wirewatch: note: rule 'weather-off' is disabled (enabled: false): the daemon raises no alert for it; counted as if it were enabled\n"
        let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", "1d", "--rule", "weather-off"])
        #expect(status == 0 && err == note, "\(err)")
        #expect(out.split(separator: "\n").contains { $0.hasPrefix("weather-off       1         1  \"Weather\"") }, "\(out)")
        let (_, json, jsonErr) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--rule", "weather-off", "--json"])
        #expect(jsonErr == note, "\(jsonErr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        #expect(result["notes"] as? [String] == [String(note.dropFirst("wirewatch: note: ".count).dropLast())], "\(result)")
        let rule = try #require((result["rules"] as? [[String: Any]])?.first, "\(result)")
        #expect(rule["enabled"] as? Bool == false && rule["alerts"] as? Int == 1, "\(rule)")

        // Not named, it is listed as disabled and not run, without a note; an enabled rule named has none.
        let (_, all, allErr) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath])
        #expect(allErr.isEmpty && all.contains("weather-off        0         0  - (disabled)"), "\(all)\(allErr)")
        let (_, _, enabledErr) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--rule", "distillation"])
        #expect(enabledErr.isEmpty, "\(enabledErr)")
        let (_, plain, _) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(plain.utf8)) as? [String: Any])?["notes"] as? [String] == [], "\(plain)")
    }
}
