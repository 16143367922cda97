import Foundation
import Testing
import TestSupport

/// `--rules PATH` on `check`, `rules test` and `rules backtest`: a draft rule file (or directory) tried instead of
/// the config's `rules:` directory, which the running daemon reloads within seconds of an edit; one unfinished file
/// there failed `rules test` of every other rule (exploratory finding).
@Suite struct DraftRulesTests {
    static let broken = "rules:\n  - id: half-done\n    query: 'DeepSeek AND'\n"
    static let draft = """
        rules:
          - id: draft-distillation
            query: DeepSeek AND distil*
          - id: draft-weather
            query: weather
        """

    /// An install whose live rules directory holds an unfinished file, and a draft beside it.
    static func installWithBrokenLiveRules(draft text: String = draft, named name: String = "policy-draft.txt") throws -> (TestInstall, String) {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: broken)
        let draft = install.dir.appendingPathComponent(name).path
        try text.write(toFile: draft, atomically: true, encoding: .utf8)
        return (install, draft)
    }

    @Test func rulesTestTriesTheDraftAndNotTheLiveFiles() async throws {
        let (install, draft) = try Self.installWithBrokenLiveRules()
        let article = try install.writeArticle("DeepSeek under scrutiny\nAnalysts say DeepSeek distilled the models of rivals.\n")
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--rules", draft, "--all", "--explain", article])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.contains("✓ draft-distillation (medium) fires"), "got: \(out)")
        #expect(out.contains("✗ draft-weather does not fire"), "got: \(out)")
        #expect(!out.contains("half-done"), "got: \(out)")
        // A rule id the draft does not have is said of the draft.
        let (unknown, _, why) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--rules", draft, "half-done", article])
        #expect(unknown == 1)
        #expect(why == "\(draft): no rule 'half-done'; rules are draft-distillation, draft-weather\n", "got: \(why)")
    }

    @Test func checkSaysTheDraftsMistakeAtItsPlaceAndPassesAGoodDraftBesideABrokenLiveFile() async throws {
        let (install, good) = try Self.installWithBrokenLiveRules()
        let (status, out, err) = try await ChildProcess.run(["check", "--config", install.configPath, "--rules", good])
        #expect(status == 0, "stderr: \(err)")
        #expect(out == "\(install.configPath) with --rules \(good): OK — 1 feed, 2 rules in 1 file, 1 sink\n", "got: \(out)")

        // The draft's mistake is said as the same file's is when live, at the draft's line and column.
        let text = "rules:\n  - id: ok\n    query: DeepSeek\n  - id: r2\n    query: 'China AND'\n"
        let bad = install.dir.appendingPathComponent("bad.yaml").path
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let (refused, _, why) = try await ChildProcess.run(["check", "--config", install.configPath, "--rules", bad])
        #expect(refused == 1)
        #expect(why.split(separator: "\n").count == 1 && why.hasPrefix("\(bad):5:"), "got: \(why)")
        let live = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: text)
        let (_, _, liveWhy) = try await ChildProcess.run(["check", "--config", live.configPath])
        #expect(why == liveWhy.replacingOccurrences(of: live.dir.appendingPathComponent("rules.d/rules.yaml").path, with: bad), "live: \(liveWhy)")

        // A directory of drafts is read as the config's rules: is (*.yaml and *.yml directly in it).
        let dir = install.dir.appendingPathComponent("drafts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.draft.write(to: dir.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
        try "rules:\n  - id: third\n    query: Taiwan\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try Self.broken.write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (dirStatus, dirOut, dirErr) = try await ChildProcess.run(["check", "--config", install.configPath, "--rules", dir.path])
        #expect(dirStatus == 0, "stderr: \(dirErr)")
        #expect(dirOut.hasSuffix(": OK — 1 feed, 3 rules in 2 files, 1 sink\n"), "got: \(dirOut)")
    }

    @Test func aDraftThatIsNotThereIsOneLineNamingIt() async throws {
        let (install, _) = try Self.installWithBrokenLiveRules()
        let missing = install.dir.appendingPathComponent("no-such-draft.yaml").path
        let said = "\(missing): rule file does not exist; --rules names a rule file or a directory of rule files\n"
        for command in [["check"], ["rules", "test"], ["rules", "backtest"]] {
            let (status, _, err) = try await ChildProcess.run(command + ["--config", install.configPath, "--rules", missing] + (command == ["rules", "test"] ? ["-"] : []), stdin: "")
            #expect(status == 1, "\(command)")
            #expect(err == said, "\(command) got: \(err)")
        }
        // With --json, check says it in its JSON, as it says any error.
        let (jsonStatus, json, jsonErr) = try await ChildProcess.run(["check", "--json", "--config", install.configPath, "--rules", missing])
        #expect(jsonStatus == 1 && jsonErr.isEmpty, "stderr: \(jsonErr)")
        #expect(json == "{\"errors\":[{\"column\":1,\"file\":\"\(missing)\",\"line\":1,\"message\":\"rule file does not exist; --rules names a rule file or a directory of rule files\"}],\"notes\":[],\"ok\":false}\n", "got: \(json)")
        let empty = install.dir.appendingPathComponent("empty-drafts").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let (status, _, err) = try await ChildProcess.run(["check", "--config", install.configPath, "--rules", empty])
        #expect(status == 1)
        #expect(err == "\(empty): directory holds no rule file to try; only files ending in .yaml or .yml directly in it are read\n", "got: \(err)")
    }

    /// The store comes from the config, the rules from the draft.
    @Test func backtestCountsTheDraftsRulesOverStoredArticles() async throws {
        let (install, _) = try await BacktestAsAskedTests.storeWithArticles()
        let draft = install.dir.appendingPathComponent("draft.yaml").path
        try Self.draft.write(toFile: draft, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--rules", draft, "--since", "1d"])
        #expect(status == 0, "stderr: \(err)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "2 stored articles of the last 1d", "got: \(out)")
        #expect(lines.contains { $0.hasPrefix("draft-distillation       1         1  \"DeepSeek distilled\"") }, "got: \(out)")
        #expect(lines.contains { $0.hasPrefix("draft-weather            1         1  \"Weather\"") }, "got: \(out)")
        #expect(!lines.contains { $0.hasPrefix("distillation ") || $0.hasPrefix("weather-off ") }, "the live rules: \(out)")
    }
}
