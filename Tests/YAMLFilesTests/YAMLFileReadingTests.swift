import Foundation
import Testing
import TestSupport
import WirewatchCore
import YAMLFiles

/// Why an operator's file cannot be read, said in one line that names where
/// and what to do, rather than a guess ("not UTF-8 text?") at line 1.
final class YAMLFileReadingTests {
    /// Removed when the test ends.
    private let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory("yaml-reading") }

    private func write(_ bytes: [UInt8], name: String = "r.yaml") throws -> String {
        let path = dir.url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func failure(_ path: String) -> String? {
        do {
            _ = try YAMLFile.text(atPath: path, what: "rule file", directoryHint: "move it out of the rules directory")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsUTF8Text() throws {
        let path = try write(Array("rules:\n  - id: zürich\n".utf8))
        #expect(try YAMLFile.text(atPath: path, what: "rule file", directoryHint: "") == "rules:\n  - id: zürich\n")
    }

    /// A byte-order mark is dropped: kept, libyaml would count it as a column, and `r.yaml:1:1` would read `1:2`.
    @Test func aByteOrderMarkIsNotText() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("rules: []\n".utf8))
        #expect(try YAMLFile.text(atPath: path, what: "rule file", directoryHint: "") == "rules: []\n")
    }

    /// A command that writes the file back (`opml import`) learns from the same read whether it had a mark to keep.
    @Test func theReadSaysWhetherItDroppedAByteOrderMark() throws {
        let marked = try YAMLFile.textAndMark(atPath: try write([0xEF, 0xBB, 0xBF] + Array("feeds: []\n".utf8)), what: "config file", directoryHint: "")
        #expect(marked.text == "feeds: []\n" && marked.byteOrderMark)
        let plain = try YAMLFile.textAndMark(atPath: try write(Array("feeds: []\n".utf8), name: "p.yaml"), what: "config file", directoryHint: "")
        #expect(plain.text == "feeds: []\n" && !plain.byteOrderMark)
    }

    @Test func missingFile() {
        #expect(failure("/nonexistent/r.yaml") == "/nonexistent/r.yaml:1:1: rule file does not exist")
    }

    @Test func danglingLink() throws {
        let path = try write([], name: "x")
        let link = (path as NSString).deletingLastPathComponent + "/r.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/policy.yaml")
        #expect(failure(link) == "\(link):1:1: rule file is a link to /nonexistent/policy.yaml, which does not exist")
    }

    @Test func directory() throws {
        let path = try write([], name: "x")
        let dir = (path as NSString).deletingLastPathComponent
        #expect(failure(dir) == "\(dir):1:1: rule file is a directory, not a file; move it out of the rules directory")
    }

    /// The system's reason, not "does not exist", when the path cannot be followed.
    @Test func aFileOnTheWay() throws {
        let path = try write([], name: "rules.d") + "/r.yaml"
        #expect(failure(path) == "\(path):1:1: rule file cannot be read: Not a directory")
    }

    /// Root is let through whatever the permissions say.
    @Test(.enabled(if: geteuid() != 0)) func aDirectoryOnTheWayThatMayNotBeSearched() throws {
        let path = try write(Array("rules: []\n".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path) }
        #expect(failure(path) == "\(path):1:1: rule file cannot be read: Permission denied; let the user wirewatch runs as read it (chmod a+r, and a+x on its directories)")
    }

    /// The first byte that is not UTF-8 is named by line and column, the column counted in characters.
    @Test func latin1ByteNamedByLineAndColumn() throws {
        // Line 3: `    query: "Zürich AND Zürich"`, the second ü written in Latin-1 (0xFC).
        let bytes = Array("rules:\n  - id: a\n    query: \"Zürich AND Z".utf8) + [0xFC] + Array("rich\"\n".utf8)
        let path = try write(bytes)
        #expect(failure(path) == "\(path):3:25: rule file is not UTF-8 text: byte 0xFC is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")
    }

    /// Bytes 0x80…0x9F standing alone are Windows-1252's quotes and dashes: converted as Latin-1 they would be
    /// control characters, which YAML refuses in turn.
    @Test func windows1252IsNamedForItsQuotes() throws {
        // `    query: “export controls” AND Zürich`, in Windows-1252: 0x93 and 0x94 are its quotes, 0xFC is ü.
        let bytes = Array("rules:\n  - id: a\n    query: ".utf8) + [0x93] + Array("export controls".utf8) + [0x94] + Array(" AND Z".utf8) + [0xFC] + Array("rich\n".utf8)
        let path = try write(bytes)
        #expect(failure(path) == "\(path):3:12: rule file is not UTF-8 text: byte 0x93 is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f windows-1252 -t utf-8)")
    }

    @Test func truncatedSequenceAtTheEnd() throws {
        let path = try write(Array("a: b\n".utf8) + [0xE6, 0xB7])
        #expect(failure(path) == "\(path):2:1: rule file is not UTF-8 text: byte 0xE6 is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")
    }
}
