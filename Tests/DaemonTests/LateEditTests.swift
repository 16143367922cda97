import Foundation
import Synchronization
import Testing
import TestSupport

/// A live page (one entry, edited on every poll) that becomes news only after `poll.max_edits` edits
/// (trial finding 30): past the limit its edits are still judged, at most once per `poll.late_edits`,
/// and the one that matters alerts.
@Suite struct LateEditTests {
    @Test func aLivePageThatBecomesNewsAfterTheEditLimitAlerts() async throws {
        let polls = Mutex(0)
        let server = try await LoopbackHTTPServer { _ in
            let n = polls.withLock { $0 += 1; return $0 }
            // From the eighth request on, the update is news.
            let body = n < 8 ? "Live coverage, update \(n). Nothing major yet."
                : "Live coverage, update \(n). DeepSeek distilled a rival's model, researchers say."
            return .init(headers: [("Content-Type", "application/rss+xml")], text: """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>
                <item><guid>live-1</guid><title>Live: markets today</title><description>\(body)</description></item>
                </channel></rss>
                """)
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/live.xml")
        try install.appendConfig("poll:\n  max_edits: 2\n  late_edits: 3s\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        // Before: the edit that matters came after the second, and was only counted.
        #expect(await eventually(timeout: 90) { install.alertLines().count == 1 }, "\(daemon.stderr)")
        #expect(polls.withLock { $0 } >= 8)
        #expect(install.alertLines().first?.contains("\"revision\"") == true, "\(install.alertLines())")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }
}
