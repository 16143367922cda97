import Foundation
import Testing
import TestSupport

/// SIGHUPs sent while a reload runs ask for one more reload, not one each; and a
/// SIGTERM after a burst stops the daemon without reloading for what is left of it.
@Suite struct HangupBurstTests {
    @Test func aBurstOfHangupsReloadsAtMostTwiceAndSIGTERMIsNotHeldBehindIt() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let daemon = running.daemon

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
