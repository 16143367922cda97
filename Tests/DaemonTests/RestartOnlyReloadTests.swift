import Foundation
import Testing
import TestSupport

/// A reload names every changed setting that the running daemon cannot take
/// until it restarts, so an operator who edited one is not left believing it applies.
@Suite struct RestartOnlyReloadTests {
    @Test func aReloadThatChangesPerHostSaysItWaitsForTheRestart() async throws {
        let site = DemoSite([LifecycleTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "stderr: \(daemon.stderr)")
        try install.appendConfig("poll:\n  per_host: 2")
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("reloaded") }, "stderr: \(daemon.stderr)")
        let line = try #require(daemon.stderr.split(separator: "\n").first { $0.contains("take effect at the next restart") },
                                "stderr: \(daemon.stderr)")
        #expect(line.hasSuffix("settings=poll.per_host"), "\(line)")
    }
}
