import Foundation
import Logging
import Testing
import TestSupport
@testable import Daemon

/// Log lines: journald priority prefixes under the journal, timestamps by hand, key=value metadata.
@Suite struct LogLineTests {
    static let now = Date(timeIntervalSince1970: 1_764_403_200)

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func journalPriorities(level: Logger.Level, priority: Int) {
        #expect(LogLine.format(level: level, message: "m", metadata: [:], journal: true, now: Self.now) == "<\(priority)>m")
    }

    @Test func metadataIsSortedAndQuotedWhenNeeded() {
        let line = LogLine.format(level: .warning, message: "feed failed\nsecond line",
                                  metadata: ["feed": "bbc", "error": "timeout: took 60 s", "note": "say \"hi\"", "empty": ""],
                                  journal: true, now: Self.now)
        #expect(line == #"<4>feed failed\nsecond line empty="" error="timeout: took 60 s" feed=bbc note="say \"hi\"""#)
        let plain = LogLine.format(level: .info, message: "started", metadata: ["feeds": "2"], journal: false, now: Self.now)
        #expect(plain == "2025-11-29T08:00:00.000Z info started feeds=2")
    }

    @Test func daemonUsesPrefixesOnlyWhenStderrIsTheJournal() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        // systemd names the journal stream it hands over as stderr by device and inode; a file stands in for it.
        let log = install.dir.appendingPathComponent("journal.log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        var st = stat()
        #expect(stat(log, &st) == 0)
        let daemon = try ChildProcess("/bin/sh", arguments: ["-c", "exec '\(ChildProcess.wirewatchBinary)' run --config '\(install.configPath)' 2>>'\(log)'"],
                                      environment: ["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino)"])
        func lines() -> [String] { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }
        #expect(await eventually { lines().contains { $0.hasPrefix("<6>wirewatch ready") } }, "\(lines())")
        #expect(await eventually { lines().contains { $0.hasPrefix("<4>feed failed") && $0.contains("feed=test-desk") } }, "\(lines())")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        #expect(lines().allSatisfy { $0.range(of: #"^<[2-7]>"#, options: .regularExpression) != nil }, "\(lines())")

        // Any other stderr: plain lines with a timestamp and the level's name.
        let plain = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["JOURNAL_STREAM": "1:2"])
        #expect(await eventually { plain.stderr.contains(" info wirewatch ready") }, "\(plain.stderr)")
        plain.signal(SIGTERM)
        #expect(await plain.wait(timeout: 20) == 0)
        #expect(!plain.stderr.contains("<6>"))
    }
}
