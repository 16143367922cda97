import Foundation
import Testing
import TestSupport

/// `wirewatch deliver` reads the daemon's store; it never makes one.
@Suite struct DeliverCommandTests {
    @Test func theOutboxOfAStoreThatDoesNotExistIsAnErrorNotANewStore() async throws {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        for arguments in [["deliver", "list"], ["deliver", "list", "--json"], ["deliver", "retry", "--all"], ["rules", "backtest"]] {
            let (status, stdout, stderr) = try await ChildProcess.run(arguments + ["--config", install.configPath])
            #expect(status == 1, "\(arguments)")
            #expect(stdout.isEmpty)
            #expect(stderr == "\(install.storePath): no store there yet; 'wirewatch run' creates it when it first starts\n")
        }
        #expect(!FileManager.default.fileExists(atPath: install.storePath))
    }

    /// A store an older wirewatch wrote (here: an empty SQLite file, with no migration in it) is
    /// refused by the read-only commands with what to do, not upgraded under the daemon.
    @Test func anOlderStoreIsSaidOnce() async throws {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: install.storePath, contents: Data()))
        for arguments in [["deliver", "list"], ["rules", "backtest"]] {
            let (status, stdout, stderr) = try await ChildProcess.run(arguments + ["--config", install.configPath])
            #expect(status == 1, "\(arguments)")
            #expect(stdout.isEmpty)
            #expect(stderr == "\(install.storePath): written by an older wirewatch; start the daemon once to upgrade the store, then try again\n",
                    "\(arguments)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: install.storePath)).isEmpty)
    }
}
