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
        let lines = try String(contentsOfFile: install.configPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (lines.firstIndex { $0.contains("url: file:feeds") } ?? -1) + 1
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):\(line):10: feed 'local': \(feeds) is a directory; a file: url names a feed file")
        }
    }

    @Test func aFileThatIsNotThereYetIsNoConfigMistake() async throws {
        let install = try DaemonInstall(feeds: [(id: "local", url: "file:feeds/later.xml")])
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
    }
}
