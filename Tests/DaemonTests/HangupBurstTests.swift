import Foundation
import Testing
import TestSupport

/// SIGHUPs sent while a reload runs ask for one more reload, not one each; and a
/// SIGTERM after a burst stops the daemon without reloading for what is left of it.
@Suite struct HangupBurstTests {
    @Test func aBurstOfHangupsReloadsAtMostTwiceAndSIGTERMIsNotHeldBehindIt() async throws {
        let site = DemoSite([LifecycleTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "stderr: \(daemon.stderr)")

        // Forty signals a few milliseconds apart: each reaches the daemon (the kernel
        // merges only those sent before it took the last), all within one reload or two.
        for _ in 0..<40 {
            daemon.signal(SIGHUP)
            usleep(2_000)
        }
        daemon.signal(SIGTERM)
        let status = await daemon.wait(timeout: 60)
        #expect(status == 0, "stderr: \(daemon.stderr)")
        let reloads = daemon.stderr.split(separator: "\n").count { $0.contains("reloading config and rules") }
        #expect(reloads >= 1 && reloads <= 3, "\(reloads) reloads; stderr: \(daemon.stderr)")
    }
}
