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
}
