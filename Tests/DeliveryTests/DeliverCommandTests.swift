import Foundation
import Testing
import TestSupport

/// `wirewatch deliver` reads the daemon's store; it never makes one.
@Suite struct DeliverCommandTests {
    @Test func theOutboxOfAStoreThatDoesNotExistIsAnErrorNotANewStore() async throws {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        for arguments in [["deliver", "list"], ["deliver", "list", "--json"], ["deliver", "retry", "--all"],
                          ["deliver", "resume", "--sink", "alert-log"], ["rules", "backtest"]] {
            let (status, stdout, stderr) = try await ChildProcess.run(arguments + ["--config", install.configPath])
            #expect(status == 1, "\(arguments)")
            #expect(stdout.isEmpty)
            #expect(stderr == "\(install.storePath): no store there yet; 'wirewatch run' creates it when it first starts\n")
        }
        #expect(!FileManager.default.fileExists(atPath: install.storePath))
    }
}
