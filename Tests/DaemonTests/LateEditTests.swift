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

    /// The same live page, its server honouring validators: the update that is news comes within
    /// `late_edits` of the last judgement, is stored unjudged, and the page stops changing. Every later
    /// conditional GET is answered 304, so once that update falls due the feed is fetched without
    /// validators and the update judged (review of schedule, finding 3: it was never judged). On both stores.
    @Test(arguments: ["sqlite", "postgresql"]) func aLateEditIsJudgedWhenDueThoughTheServerAnswers304(_ kind: String) async throws {
        let served = Mutex((requests: 0, notModified: 0))
        let server = try await LoopbackHTTPServer { request in
            served.withLock { s in
                s.requests += 1
                // Versions 1, 2, 3 (an entry, two edits judged), then 4, the news, which stays.
                let version = min(s.requests, 4)
                let etag = "\"v\(version)\""
                if let asked = request.header("If-None-Match"), asked == etag {
                    s.notModified += 1
                    return .init(status: 304, headers: [("ETag", etag)])
                }
                let body = version < 4 ? "Live coverage, update \(version). Nothing major yet."
                    : "Live coverage, update \(version). DeepSeek distilled a rival's model, researchers say."
                return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", etag)], text: """
                    <?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>
                    <item><guid>live-1</guid><title>Live: markets today</title><description>\(body)</description></item>
                    </channel></rss>
                    """)
            }
        }
        defer { Task { await server.shutdown() } }
        let store = kind == "sqlite" ? "var/state.sqlite" : "'\(try PostgresServer.shared().makeDatabase("late_edit"))'"
        let install = try TestInstall(feedURL: "\(server.baseURL)/live.xml", store: store)
        try install.appendConfig("poll:\n  max_edits: 2\n  late_edits: 10s\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 90) { install.alertLines().count == 1 }, "\(daemon.stderr)")
        #expect(install.alertLines().first?.contains("\"revision\":3") == true, "\(install.alertLines())")
        // Judged once: the next polls are conditional again, and answered 304.
        let after = served.withLock { $0.notModified }
        #expect(await eventually { served.withLock { $0.notModified } > after }, "\(daemon.stderr)")
        #expect(install.alertLines().count == 1)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }
}
