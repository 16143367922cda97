import Foundation
import Testing
import TestSupport
@testable import Daemon

/// `opml import` edits a config saved on Windows as it finds it: CRLF line
/// endings (also on the lines it adds) and a byte-order mark.
@Suite struct OPMLLineEndingTests {
    @Test func aCRLFConfigIsEditedWithCRLF() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try OPMLTests.removeFeeds(install)
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        #expect(!text.contains("\r"))
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: install.configPath))
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", OPMLTests.fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("added 4 feeds"), "\(stdout)")
        let edited = try Data(contentsOf: URL(fileURLWithPath: install.configPath))
        let bareLF = edited.indices.filter { edited[$0] == 0x0A && ($0 == edited.startIndex || edited[$0 - 1] != 0x0D) }
        #expect(bareLF.isEmpty, "\(String(decoding: edited, as: UTF8.self).debugDescription)")
        #expect(String(decoding: edited, as: UTF8.self).contains("feeds:\r\n  - id: \"bbc-business\"\r\n"))
        #expect(try ConfigLoader.load(path: install.configPath).get().feeds.count == 4)
    }

    @Test func aByteOrderMarkIsKept() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try OPMLTests.removeFeeds(install)
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: URL(fileURLWithPath: install.configPath))
        let (status, _, stderr) = try await ChildProcess.run(["opml", "import", OPMLTests.fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let edited = try Data(contentsOf: URL(fileURLWithPath: install.configPath))
        #expect(edited.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(!edited.dropFirst(3).starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(try ConfigLoader.load(path: install.configPath).get().feeds.count == 4)
    }
}
