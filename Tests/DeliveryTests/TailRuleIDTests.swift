import Foundation
import Testing
import TestSupport

/// `tail --rule` with an id no rule has printed nothing, exit 0, and `tail` (following) waited forever
/// (trial finding 25). Against the config's rule files an unknown id is refused with the one meant; with
/// `--log` (another config's log, or a rule removed since) it is a warning; with no config, one warning.
@Suite struct TailRuleIDTests {
    /// A config whose alert log holds `TailCommandTests.records`, with rule files naming their rules.
    static func install() throws -> (config: String, log: String) {
        let dir = try makeTemporaryDirectory("tail-rules")
        let log = dir.appendingPathComponent("var/alerts.jsonl").path
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("var"), withIntermediateDirectories: true)
        try TailCommandTests.records.reduce(Data()) { $0 + (try $1.jsonLine()) + Data("\n".utf8) }.write(to: URL(fileURLWithPath: log))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
        try """
            rules:
              - id: deepseek-distillation
                query: DeepSeek
              - id: export-controls-china
                query: export AND China
            """.write(to: dir.appendingPathComponent("rules.d/a.yaml"), atomically: true, encoding: .utf8)
        // A mistake that hides no id (a misspelt severity) does not keep an unknown id from being refused.
        try "rules:\n  - id: export-controls-eu\n    query: export AND EU\n    severity: hihg\n"
            .write(to: dir.appendingPathComponent("rules.d/b.yaml"), atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("wirewatch.yaml").path
        try """
            store: var/state.sqlite
            data: /nonexistent/data
            rules: rules.d
            feeds: []
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return (config, log)
    }

    @Test func anUnknownRuleIsRefusedWithTheOneMeant() async throws {
        let (config, _) = try Self.install()
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--no-follow", "--rule", "deepseek-distilation"])
        #expect(status == 1 && out.isEmpty)
        #expect(err == "\(config): no rule 'deepseek-distilation'; did you mean 'deepseek-distillation'?\n", "\(err)")
        let (prefixed, _, said) = try await ChildProcess.run(["tail", "--config", config, "--no-follow", "--rule", "exprt-*"])
        #expect(prefixed == 1)
        #expect(said == "\(config): no rule id starts with 'exprt-'; rules are wirewatch/feed-broken, deepseek-distillation, "
                + "export-controls-china, export-controls-eu\n", "\(said)")
        // Following: refused at once, not a wait for alerts that never come.
        let following = try ChildProcess(arguments: ["tail", "--config", config, "--rule", "nosuchrule"])
        defer { following.signal(SIGKILL) }
        #expect(await following.wait(timeout: 60) == 1, "\(following.stderr)")
    }

    /// The log keeps the alerts of a rule renamed since: they are shown, with a warning, not refused.
    @Test func aRuleRenamedSinceShowsItsAlertsWithAWarning() async throws {
        let (config, _) = try Self.install()
        let rules = (config as NSString).deletingLastPathComponent + "/rules.d/a.yaml"
        try String(contentsOfFile: rules, encoding: .utf8).replacingOccurrences(of: "export-controls-china", with: "export-china")
            .write(toFile: rules, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--no-follow", "--json", "--rule", "export-controls-china"])
        #expect(status == 0, "\(err)")
        #expect(!out.isEmpty && out.split(separator: "\n").allSatisfy { $0.contains("\"rule\":\"export-controls-china\"") }, "\(out)")
        #expect(err.hasPrefix("wirewatch: warning: \(config): no rule 'export-controls-china'") && err.contains("renamed or removed since"), "\(err)")
    }

    @Test func knownRulesPrefixesAndTheDaemonsOwnAreTaken() async throws {
        let (config, _) = try Self.install()
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--no-follow",
                                                             "--rule", "export-*", "--rule", "wirewatch/feed-broken", "--rule", "deepseek-distillation"])
        #expect(status == 0 && err.isEmpty, "\(err)")
        #expect(out.split(separator: "\n").count == 4, "\(out)")
    }

    /// A rule file that does not parse may hold the id: warned, and the alerts shown as asked.
    @Test func aRuleFileThatDoesNotParseMakesAnUnknownRuleAWarning() async throws {
        let (config, _) = try Self.install()
        let rules = (config as NSString).deletingLastPathComponent + "/rules.d/c.yaml"
        try "rules:\n  - id: chips\n    query: 'chips AND\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--no-follow", "--rule", "chip"])
        #expect(status == 0 && out.isEmpty)
        #expect(err == "wirewatch: warning: \(config): no rule 'chip'; rules are wirewatch/feed-broken, deepseek-distillation, "
                + "export-controls-china, export-controls-eu (a rule file could not be read whole, and it may be there)\n", "\(err)")
    }

    /// A rules directory that cannot be listed says nothing of which rules there are: every correct id was told
    /// "no rule …; rules are wirewatch/feed-broken" (configcli review, low 2). Said once, and the alerts shown.
    @Test func aRulesDirectoryThatCannotBeListedIsSaidOnce() async throws {
        let (config, _) = try Self.install()
        let rules = (config as NSString).deletingLastPathComponent + "/rules.d"
        try FileManager.default.removeItem(atPath: rules)
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--no-follow", "--json",
                                                             "--rule", "deepseek-distillation", "--rule", "export-*"])
        #expect(status == 0 && !out.isEmpty, "\(err)")
        #expect(err == "wirewatch: warning: --rule is not checked against any rule files: rules directory \(rules) does not exist "
                + "('rules' in \(config) names it)\n", "\(err)")
    }

    /// `--log` may name another config's log, or hold the alerts of a rule removed since: warned, not refused.
    @Test func withLogAnUnknownRuleIsAWarning() async throws {
        let (config, log) = try Self.install()
        let (status, out, err) = try await ChildProcess.run(["tail", "--config", config, "--log", log, "--no-follow", "--rule", "export-controls-us"])
        #expect(status == 0 && out.isEmpty)
        #expect(err == "wirewatch: warning: \(config): no rule 'export-controls-us'; did you mean 'export-controls-eu'? "
                + "(its alerts are shown if the log has any)\n", "\(err)")
        let missing = config + ".gone"
        let (alone, shown, warned) = try await ChildProcess.run(["tail", "--config", missing, "--log", log, "--no-follow",
                                                                 "--rule", "export-controls-us", "--rule", "other"])
        #expect(alone == 0 && shown.isEmpty)
        #expect(warned == "wirewatch: warning: --rule is not checked against any rule files: \(missing) does not exist (--config names the config)\n",
                "\(warned)")
    }
}
