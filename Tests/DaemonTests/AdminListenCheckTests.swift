import Foundation
import Testing
import TestSupport

/// `admin.listen` where this machine cannot listen at all is refused by `check` and `run` at where it is written:
/// `check` passed a host no name service knows and another machine's address, and the daemon then refused to
/// start with NIO's type names and no place (exploratory finding of stop 33).
@Suite struct AdminListenCheckTests {
    @Test(arguments: [("192.0.2.1:0", "no interface here has '192.0.2.1' (Cannot assign requested address)"),
                      ("nosuchhost.invalid:9187", "no address for 'nosuchhost.invalid': ")])
    func aHostThisMachineCannotListenOnIsRefused(_ listen: String, _ reason: String) async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], extraConfig: "admin:\n  listen: \(listen)")
        let said = "\(install.configPath):5:11: admin endpoint cannot listen on \(listen): \(reason)"
        for command in ["check", "run"] {
            let (status, out, stderr) = try await ChildProcess.run([command, "--config", install.configPath],
                                                                   environment: ["WIREWATCH_ADMIN_TOKEN": "a-token"])
            #expect(status == 1, "\(command): \(out)\(stderr)")
            #expect(stderr.hasPrefix(said), "\(command): \(stderr)")
        }
    }

    /// The port is not judged: the running daemon's own, `check` before a reload must pass it.
    @Test func aPortInUseIsNoMistakeOfTheConfig() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 200, body: Data()) }
        defer { Task { await server.shutdown() } }
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], extraConfig: "admin:\n  listen: 127.0.0.1:\(server.port)")
        let (status, out, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0, "\(out)\(stderr)")
    }
}
