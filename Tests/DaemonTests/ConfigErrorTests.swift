import Foundation
import Testing
import TestSupport

/// Bad configuration is refused with one clear line naming the file and line,
/// a non-zero exit, and nothing written to the alert log.
@Suite struct ConfigErrorTests {
    @Test func missingConfigFile() async throws {
        let path = "/nonexistent/wirewatch.yaml"
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", path])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "\(path):1:1: config file does not exist")
        }
    }

    @Test func yamlSyntaxError() async throws {
        let install = try TestInstall(feedURL: "[unclosed")
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            let lines = stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("\(install.configPath):7:13: YAML syntax error:") == true, "got: \(stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: install.alertLog))
    }

    @Test func ruleNamingUnknownSink() async throws {
        let rules = """
            rules:
              - id: r1
                query: DeepSeek
                sinks: [alert-log, policy-slack]
            """
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let ruleFile = install.dir.appendingPathComponent("rules.d/rules.yaml").path
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(ruleFile):4:24: rule 'r1' names unknown sink 'policy-slack' (configured sinks: alert-log)")
        }
        #expect(!FileManager.default.fileExists(atPath: install.alertLog))
    }

    @Test func checkReportsEveryProblemNotOnlyTheFirst() async throws {
        let rules = """
            rules:
              - id: r1
                query: 'DeepSeek AND'
              - id: r1
                query: 'topic:no-such-topic'
              - id: r3
                query: 'NOT weather'
                severity: urgent
            """
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "got: \(stderr)")
        #expect(lines.contains { $0.contains(":3:") && $0.contains("'AND' needs a clause on its right") })
        #expect(lines.contains { $0.contains(":4:") && $0.contains("duplicate rule id 'r1'") })
        // The rule with the taken id is still checked.
        #expect(lines.contains { $0.contains(":5:") && $0.contains("unknown topic 'no-such-topic'") })
        #expect(lines.contains { $0.contains("severity must be one of") })
        #expect(lines.contains { $0.contains("only excludes") })
        // In reading order, though the severity is checked before any query is parsed.
        let positions = lines.compactMap { $0.dropFirst(install.dir.path.count).split(separator: ":").dropFirst().first.flatMap { Int($0) } }
        #expect(positions == [3, 4, 5, 7, 8], "got: \(stderr)")

        let (jsonStatus, json, _) = try await ChildProcess.run(["check", "--json", "--config", install.configPath])
        #expect(jsonStatus == 1)
        let result = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(result?["ok"] as? Bool == false)
        let errors = result?["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["line"] as? Int } == [3, 4, 5, 7, 8])
        #expect(errors.first?["column"] as? Int == 22)
        #expect((errors.first?["message"] as? String)?.hasPrefix("rule 'r1': 'AND' needs a clause on its right") == true)
    }

    /// A mistake in the config does not hide the rule files' mistakes; a sink
    /// with a mistake is still one the rules may name.
    @Test func checkReportsTheConfigAndTheRules() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml",
                                      rules: "rules:\n  - id: r1\n    query: 'DeepSeek AND'\n    sinks: [alert-log, team-hook]\n")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try (config.replacingOccurrences(of: "interval: 1s", with: "interval: soon")
             + "\n  - id: team-hook\n    type: webhook\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "got: \(stderr)")
        #expect(lines.first?.hasPrefix("\(install.configPath):7:15: 'interval' in feed 'test-desk'") == true, "got: \(stderr)")
        #expect(lines.dropFirst().first?.hasPrefix("\(install.configPath):") == true && lines.dropFirst().first?.contains("team-hook") == true, "got: \(stderr)")
        #expect(lines.last == "\(install.dir.path)/rules.d/rules.yaml:3:22: rule 'r1': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'", "got: \(stderr)")
    }

    @Test func goodConfigChecksClean() async throws {
        let (status, stdout, _) = try await ChildProcess.run(["check", "--config", repositoryRoot.appendingPathComponent("Config/demo/wirewatch.yaml").path])
        #expect(status == 0)
        #expect(stdout == "\(repositoryRoot.appendingPathComponent("Config/demo/wirewatch.yaml").path): OK — 2 feeds, 4 rules in 1 file, 1 sink\n")
    }

    /// A rule that most likely does not say what was meant passes with a warning at the words that say it,
    /// on standard error and among the JSON's notes; the daemon logs it when it starts and on every reload.
    @Test func aRuleWarningPassesAndIsSaid() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: "rules:\n  - id: a\n    query: 'China or Taiwan'\n")
        let ruleFile = install.dir.appendingPathComponent("rules.d/rules.yaml").path
        let warning = "\(ruleFile):3:19: rule 'a': 'or' is searched as a word, not as the operator OR (operators are upper case); "
            + "write OR for either, or quote it (\"or\") to search for the word"
        let (status, stdout, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0)
        #expect(stdout == "\(install.configPath): OK — 1 feed, 1 rule in 1 file, 1 sink; 1 rule warning above\n")
        #expect(stderr == warning + "\n")
        let (_, json, _) = try await ChildProcess.run(["check", "--json", "--config", install.configPath])
        #expect(json.contains("\"message\":\"rule 'a': 'or' is searched as a word"), "\(json)")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains(" warning \(warning)") }, "\(daemon.stderr)")
        // Signals wait for the daemon to handle them: a SIGHUP before that ends it.
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "\(daemon.stderr)")
        try "rules:\n  - id: a\n    query: 'China and Taiwan'\n".write(toFile: ruleFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains(" warning \(ruleFile):3:19: rule 'a': 'and' is searched as a word") }, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("reload rejected"), "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// A rule that compiles keeps its warning when another rule's error refuses the file: said before the error,
    /// and among the JSON's notes (it was dropped, to come only once the error was fixed).
    @Test func aRuleWarningIsSaidBesideAnotherRulesError() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml",
                                      rules: "rules:\n  - id: a\n    query: 'China or Taiwan'\n  - id: b\n    query: 'titel:x'\n")
        let ruleFile = install.dir.appendingPathComponent("rules.d/rules.yaml").path
        let (status, stdout, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1 && stdout.isEmpty)
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "got: \(stderr)")
        #expect(lines.first?.hasPrefix("\(ruleFile):3:19: rule 'a': 'or' is searched as a word") == true, "got: \(stderr)")
        #expect(lines.last?.hasPrefix("\(ruleFile):5:13: rule 'b': unknown field 'titel:'; did you mean 'title:'?") == true, "got: \(stderr)")
        let (_, json, _) = try await ChildProcess.run(["check", "--json", "--config", install.configPath])
        #expect(json.contains("\"notes\":[{") && json.contains("'or' is searched as a word"), "\(json)")
    }

    /// Counts in words that agree with them, and a disabled rule is counted as such.
    @Test func checkCountsDisabledRules() async throws {
        let rules = "rules:\n  - id: a\n    query: DeepSeek\n  - id: b\n    query: China\n    enabled: false\n"
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let (status, stdout, _) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0)
        #expect(stdout == "\(install.configPath): OK — 1 feed, 2 rules (1 disabled) in 1 file, 1 sink\n")
    }
}
