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
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        do {
            let old = try DatabasePool(path: install.storePath)
            try StoreSchema.migrator.migrate(old, upTo: "v1")
        }
        let expected = "\(install.storePath): written by an older wirewatch; start the daemon once to upgrade the store, then try again\n"
        for command in [["feeds"], ["feeds", "--json"], ["rules", "backtest"], ["deliver", "list"],
                        ["deliver", "retry", "--all"]] {
            let (status, stdout, stderr) = try await ChildProcess.run(command + ["--config", install.configPath])
            #expect(status == 1, "\(command)")
            #expect(stdout.isEmpty, "\(command): \(stdout)")
            #expect(stderr == expected, "\(command)")
        }
        let after = try DatabaseQueue(path: install.storePath)
        let completed = try await after.read { try StoreSchema.migrator.completedMigrations($0) }
        #expect(completed == ["v1"])
    }
}
