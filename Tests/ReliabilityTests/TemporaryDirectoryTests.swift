import Foundation
import Testing
import TestSupport

/// Tests leave nothing behind: a `TemporaryDirectory` goes with all it holds.
struct TemporaryDirectoryTests {
    @Test func removedWithWhatItHolds() throws {
        var dir: TemporaryDirectory? = try TemporaryDirectory("removal")
        let path = try #require(dir?.path)
        try FileManager.default.createDirectory(atPath: path + "/rules.d", withIntermediateDirectories: true)
        try "rules: []\n".write(toFile: path + "/rules.d/r.yaml", atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: path + "/rules.d/r.yaml"))
        dir = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A directory nobody removes (a test's install) goes when the test process exits.
    @Test func anUnheldDirectoryGoesAtExit() async throws {
        let label = "at-exit-\(UUID().uuidString)"
        await #expect(processExitsWith: .success) { [label = label as String] in
            guard let url = try? makeTemporaryDirectory(label), FileManager.default.fileExists(atPath: url.path) else { exit(1) }
            exit(0)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.hasPrefix(label) }
        #expect(left == [])
    }
}
