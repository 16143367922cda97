import Foundation
import GRDB
import Testing
import TestSupport
@testable import Store

/// The commands that use the daemon's store beside it (`feeds`, `rules
/// backtest`, `deliver list`, and `deliver retry`, which writes) never upgrade
/// it: a store an older wirewatch left is refused with one message, and left
/// as it was for the daemon to upgrade at its start.
@Suite struct OlderStoreTests {
    @Test func readersRefuseAnOlderStoreAlikeAndLeaveItAsItWas() async throws {
        let install = try Self.installWithStoreAtV1()
        let expected = "\(install.storePath): written by an older wirewatch; start the daemon once to upgrade the store, then try again\n"
        try await Self.expectRefused([["feeds"], ["feeds", "--json"], ["rules", "backtest"], ["deliver", "list"],
                                      ["deliver", "retry", "--all"]], install: install, saying: expected)
        let after = try DatabaseQueue(path: install.storePath)
        let completed = try await after.read { try StoreSchema.migrator.completedMigrations($0) }
        #expect(completed == ["v1"])
    }

    /// The daemon creating (or upgrading) a store holds its lock while the schema is not yet complete:
    /// that store is not an older wirewatch's, and a reader says who is at work on it.
    @Test func aStoreTheRunningDaemonIsStillMigratingIsSaidAsSuch() async throws {
        let install = try Self.installWithStoreAtV1()
        // The lock as `wirewatch run` holds it: an exclusive flock, and the holder's pid in the file.
        let fd = open(install.storePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("\(getpid())\n".utf8)
        #expect(pwrite(fd, pid, pid.count, 0) == pid.count)
        let expected = "\(install.storePath): the running wirewatch (pid \(getpid())) has not brought the store up to this version; if it was started before wirewatch was upgraded, restart it (systemctl restart wirewatch), else try again in a moment\n"
        try await Self.expectRefused([["feeds"], ["deliver", "list"]], install: install, saying: expected)
    }

    /// An install whose store stopped at the first migration, as an older wirewatch (or a daemon still
    /// creating it) leaves it.
    static func installWithStoreAtV1() throws -> DaemonInstall {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let old = try DatabasePool(path: install.storePath)
        try StoreSchema.migrator.migrate(old, upTo: "v1")
        return install
    }

    static func expectRefused(_ commands: [[String]], install: DaemonInstall, saying expected: String,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for command in commands {
            let (status, stdout, stderr) = try await ChildProcess.run(command + ["--config", install.configPath])
            #expect(status == 1, "\(command)", sourceLocation: sourceLocation)
            #expect(stdout.isEmpty, "\(command): \(stdout)", sourceLocation: sourceLocation)
            #expect(stderr == expected, "\(command)", sourceLocation: sourceLocation)
        }
    }
}
