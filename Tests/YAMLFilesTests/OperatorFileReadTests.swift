import Foundation
import Testing
import TestSupport
import WirewatchCore

/// A small file the config points at (a webhook template, a credential) is
/// read by the same reader as a rule file, and refused when it is not a
/// regular file or too large.
final class OperatorFileReadTests {
    /// Removed when the test ends.
    private let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory("operator-file") }

    private func failure(_ path: String, limit: Int = 1 << 20) -> String? {
        do { _ = try OperatorFile.read(path, limit: limit); return nil } catch { return error.description }
    }

    @Test func readsARegularFile() throws {
        let path = dir.url.appendingPathComponent("hook.mustache").path
        try Data("{{title}}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try OperatorFile.read(path) == Data("{{title}}".utf8))
        #expect(failure(path, limit: 4) == "\(path) is larger than 4 bytes")
    }

    @Test func missingAndOnTheWay() throws {
        let path = dir.url.appendingPathComponent("hook.mustache").path
        #expect(failure(path) == "\(path) does not exist")
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(failure(path + "/x") == "\(path)/x cannot be read: Not a directory")
        #expect(failure(dir.path) == "\(dir.path) is a directory, not a file")
    }

    /// A credential is read through here: the system's reason, without the advice
    /// given for a rule file to let everyone read it. Root is let through whatever
    /// the permissions say.
    @Test(.enabled(if: geteuid() != 0)) func anUnreadableFileIsNotToBeMadeWorldReadable() throws {
        let path = dir.url.appendingPathComponent("admin-token").path
        try Data("s3cret".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        #expect(failure(path) == "\(path) cannot be read: Permission denied")
    }

    /// A FIFO without a writer is refused at once, not waited on.
    @Test func aFIFOIsNotWaitedOn() throws {
        let path = dir.url.appendingPathComponent("fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect(failure(path) == "\(path) is not a regular file")
    }
}
