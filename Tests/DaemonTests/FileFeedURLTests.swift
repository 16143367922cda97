import Foundation
import Testing
import TestSupport

/// A `file:` feed naming a directory is a config mistake, said at its url; it
/// used to fail at every poll as "not a feed: found an empty document".
@Suite struct FileFeedURLTests {
    @Test func aDirectoryIsRefusedAtTheFeedsURL() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds")])
        let feeds = install.dir.appendingPathComponent("feeds").path
        try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: true)
        let line = try Self.line(of: "url: file:feeds", in: install)
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):\(line):10: feed 'local': \(feeds): feed file is a directory, not a file; a file: url names a feed file")
        }
    }

    /// A directory made after the daemon started fails the feed's poll; `check` then refuses it in the
    /// same words (it said "PATH is a directory; …", the poll "PATH: feed file is a directory, not a file; …"),
    /// while `feeds`, `tail` and the other commands that only read the config say it and go on (they refused
    /// the whole config, so the operator could not see the feed's status).
    @Test func checkAndAPollWordADirectoryAlike() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds")], extraConfig: "poll:\n  max_backoff: 1s\n")
        let feeds = install.dir.appendingPathComponent("feeds").path
        let said = "\(feeds): feed file is a directory, not a file; a file: url names a feed file"
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("feed failed") }, "\(daemon.stderr)")
        try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: true)
        let polled = "error=\"file: \(said)\" feed=local"
        #expect(await eventually(timeout: 60) { daemon.stderr.contains(polled) }, "\(daemon.stderr)")
        let refusal = "\(install.configPath):\(try Self.line(of: "url: file:feeds", in: install)):10: feed 'local': \(said)"
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines) == refusal)
        // The feed's row shows the poll's error; the config's words come as a warning.
        let (feedsStatus, table, feedsStderr) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(feedsStatus == 0, "\(feedsStderr)")
        #expect(table.contains("local: \(said)"), "\(table)")
        #expect(feedsStderr == "wirewatch: warning: \(refusal)\n")
        let (tailStatus, _, tailStderr) = try await ChildProcess.run(["tail", "--no-follow", "--config", install.configPath])
        #expect(tailStatus == 0, "\(tailStderr)")
        #expect(tailStderr.hasPrefix("wirewatch: warning: \(refusal)\n"), "\(tailStderr)")
        // A reload takes the config and logs the feed's problem as a warning.
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains(" reloaded ") }, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("reload rejected"), "\(daemon.stderr)")
        #expect(daemon.stderr.split(separator: "\n").contains { $0.contains(" warning \(refusal)") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// A feed added by the edit, or moved by it, whose file is a directory is refused by the reload, as the
    /// next start would refuse it (the reload took it, and the daemon then could not start again).
    @Test func aReloadRefusesAFeedItAddsOrMovesToADirectory() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds/later.xml")])
        let other = install.dir.appendingPathComponent("other").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        // Another directory: two feeds of one file are refused for that alone (the same document polled twice).
        let elsewhere = install.dir.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("feed failed") }, "\(daemon.stderr)")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "feeds:\n", with: "feeds:\n  - id: other\n    url: file:other\n")
            .replacingOccurrences(of: "url: file:feeds/later.xml", with: "url: file:other/../elsewhere")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let said = "\(other): feed file is a directory, not a file; a file: url names a feed file"
        let added = "\(install.configPath):\(try Self.line(of: "url: file:other", in: install)):10: feed 'other': \(said)"
        let moved = "\(install.configPath):\(try Self.line(of: "url: file:other/../elsewhere", in: install)):10: feed 'local': "
            + "\(elsewhere): feed file is a directory, not a file; a file: url names a feed file"
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("reload rejected") }, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains(" reloaded "), "\(daemon.stderr)")
        // Each problem is its own log line after "reload rejected": wait for them, not only for it.
        for refusal in [added, moved] {
            #expect(await eventually { daemon.stderr.split(separator: "\n").contains { $0.contains(" error \(refusal)") } },
                    "\(daemon.stderr)")
        }
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "\(added)\n\(moved)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// A config refused for another mistake: `feeds` and `tail`, like `analyze`, name that mistake and not
    /// the feed's directory, which to them is a warning (they listed it among the errors).
    @Test func aCommandThatReadsTheConfigRefusesItForItsOtherMistakesOnly() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds")], extraConfig: "daemon:\n  colour: blue\n")
        try FileManager.default.createDirectory(at: install.dir.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        for command in [["feeds"], ["tail", "--no-follow"]] {
            let (status, _, stderr) = try await ChildProcess.run(command + ["--config", install.configPath])
            #expect(status != 0, "\(command)")
            #expect(stderr.contains("colour"), "\(command): \(stderr)")
            #expect(!stderr.contains("feed file is a directory"), "\(command): \(stderr)")
        }
    }

    static func line(of text: String, in install: DaemonInstall) throws -> Int {
        let lines = try String(contentsOfFile: install.configPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(text) } ?? -1) + 1
    }

    @Test func aFileThatIsNotThereYetIsNoConfigMistake() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds/later.xml")])
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
    }
}
