import Foundation
import Testing
import TestSupport

/// A PostgreSQL address where something accepts the connection and never answers (a hung server, a
/// firewall or a proxy that holds the socket): the daemon and the commands beside it give up after
/// `store.time_limit` with one line naming the server and the cause, never the password.
@Suite struct SilentStoreServerTests {
    @Test func theDaemonAndACommandGiveUpOnAServerThatNeverAnswers() async throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")],
                                        store: "{ url: 'postgres://watch:hunter2@127.0.0.1:\(hole.port)/news', time_limit: 2s }")
        let cause = "cannot open the store: postgres 127.0.0.1:\(hole.port) database news: no answer to a new connection in 2 s"

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        let status = await daemon.wait(timeout: 60)
        #expect(status != nil && status != 0, "\(daemon.stderr)")
        let said = daemon.stderr.split(separator: "\n").filter { $0.contains(cause) }
        #expect(said.count == 1, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("hunter2"))

        let (listed, out, err) = try await ChildProcess.run(["deliver", "list", "--config", install.configPath], timeout: 60)
        #expect(listed != 0 && out.isEmpty, "\(out)")
        #expect(err == "postgres://watch:[redacted]@127.0.0.1:\(hole.port)/news: \(cause)\n", "\(err)")
        #expect(hole.connections >= 2)
    }
}
