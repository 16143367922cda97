import Foundation
import Testing
import TestSupport

/// `wirewatch check` on rule files that cannot be read as text: each says
/// why on one line, by line and column when it can, among the other
/// problems in reading order.
@Suite struct RuleFileReadingTests {
    @Test func unreadableRuleFilesSayWhyInReadingOrder() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: "rules:\n  - id: a\n    query: 'titel:x'\n")
        let rulesDir = install.dir.appendingPathComponent("rules.d")
        // Saved by an editor set to Latin-1: "Zürich" with ü as 0xFC.
        try Data(Array("rules:\n  - id: b\n    query: Z".utf8) + [0xFC] + Array("rich\n".utf8))
            .write(to: rulesDir.appendingPathComponent("latin1.yaml"))
        try FileManager.default.createDirectory(at: rulesDir.appendingPathComponent("old.yaml"), withIntermediateDirectories: true)
        try "rules:\n  - id: c\n    query: 'DeepSeek AND'\n".write(to: rulesDir.appendingPathComponent("zz.yaml"), atomically: true, encoding: .utf8)

        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        let dir = rulesDir.path
        #expect(stderr.split(separator: "\n").map(String.init) == [
            "\(dir)/latin1.yaml:3:13: rule file is not UTF-8 text: byte 0xFC is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)\(Self.unread)",
            "\(dir)/old.yaml:1:1: rule file is a directory, not a file; move it out of \(dir), or rename it so that it does not end in .yaml or .yml\(Self.unread)",
            "\(dir)/rules.yaml:3:13: rule 'a': unknown field 'titel:'; did you mean 'title:'?",
            "\(dir)/zz.yaml:3:22: rule 'c': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'",
        ], "got: \(stderr)")
    }

    static let unread = "; until it can be read, rules are not checked for unknown entities or topics"

    /// What a file that cannot be read defines is unknown: rules in other files that name it are not reported for it.
    @Test func definitionsInAnUnreadableFileAreNotReportedAsUnknown() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: "rules:\n  - id: a\n    query: entity:Zorbco AND topic:harbours\n")
        let rulesDir = install.dir.appendingPathComponent("rules.d")
        try Data(Array("entities:\n  - name: Zorbco\n    aliases: [Z".utf8) + [0xFC] + Array("rich]\ntopics:\n  - id: harbours\n    terms: [port]\n".utf8))
            .write(to: rulesDir.appendingPathComponent("latin1.yaml"))
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.split(separator: "\n").map(String.init) == [
            "\(rulesDir.path)/latin1.yaml:3:16: rule file is not UTF-8 text: byte 0xFC is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)\(Self.unread)",
        ], "got: \(stderr)")
    }

    /// A FIFO named like a rule file hung `check` (and the daemon's reload) until something wrote to it, and a link to
    /// /dev/zero was said in Foundation's words (trial4 finding 31): each is refused as not a regular file, at once.
    @Test func aRuleFileThatIsNotARegularFileIsRefusedAtOnce() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let rulesDir = install.dir.appendingPathComponent("rules.d").path
        #expect(mkfifo(rulesDir + "/pipe.yaml", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: rulesDir + "/zero.yaml", withDestinationPath: "/dev/zero")
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath], timeout: 60)
        #expect(status == 1)
        let said = " is not a regular file (a FIFO, a device or a socket); give a file, or remove it\(Self.unread)"
        #expect(stderr.split(separator: "\n").map(String.init) == [
            "\(rulesDir)/pipe.yaml:1:1: rule file" + said, "\(rulesDir)/zero.yaml:1:1: rule file" + said,
        ], "got: \(stderr)")
    }

    /// A rules directory with no rule file raises no alert: said, and what in it looks like a rule file and is not
    /// read (trial4 finding 25: check said OK with 0 rules beside A.YAML and a subdirectory of .yaml files).
    @Test func aRulesDirectoryWithNoRuleFileIsSaid() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let rulesDir = install.dir.appendingPathComponent("rules.d")
        try FileManager.default.moveItem(at: rulesDir.appendingPathComponent("rules.yaml"), to: rulesDir.appendingPathComponent("A.YAML"))
        try FileManager.default.createDirectory(at: rulesDir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "rules: []\n".write(to: rulesDir.appendingPathComponent("sub/d.yaml"), atomically: true, encoding: .utf8)
        let (status, out, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0 && out.contains("0 rules in 0 files"), "\(out)")
        #expect(stderr == "\(install.configPath):3:8: rules directory \(rulesDir.path) holds no rule file: no alert is raised; "
            + "it holds A.YAML, sub, which are not read: only files ending in .yaml or .yml directly in it are\n", "got: \(stderr)")
    }

    /// Beside a rule file, what looks meant as one and is not read is said too (it was said only in a directory
    /// without rule files); a backup is not. Every rule disabled is said: no alert is raised.
    @Test func misnamedFilesBesideRuleFilesAndEveryRuleDisabledAreSaid() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: "rules:\n  - id: a\n    query: DeepSeek\n    enabled: false\n")
        let rulesDir = install.dir.appendingPathComponent("rules.d")
        for name in ["Policy.YAML", "rules.yaml~", "rules.yaml.bak"] {
            try "rules: []\n".write(to: rulesDir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let (status, out, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0 && out.contains("1 rule (1 disabled) in 1 file"), "\(out)")
        #expect(stderr == "\(install.configPath):3:8: rules directory \(rulesDir.path) holds Policy.YAML, which is not read: only files ending in .yaml or .yml directly in it are\n"
            + "\(install.configPath):3:8: every rule in \(rulesDir.path) is disabled (enabled: false): no alert is raised\n", "got: \(stderr)")
        let (_, json, _) = try await ChildProcess.run(["check", "--json", "--config", install.configPath])
        #expect(json.contains("\"disabled\":1"), "\(json)")
    }

    @Test func rulesPathThatIsAFile() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "rules: rules.d", with: "rules: rules.d/rules.yaml")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines) ==
            "\(install.configPath):3:8: 'rules' names \(install.dir.path)/rules.d/rules.yaml, a file, not a directory; set 'rules' to the directory that holds the rule files (*.yaml)")
    }
}
