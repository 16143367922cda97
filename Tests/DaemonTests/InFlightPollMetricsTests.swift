import Fetching
import Foundation
import Testing
import TestSupport

/// A poll in flight when a reload removes its feed: the reload forgets the feed's series in /metrics,
/// and the poll, ending after it, must not make them again (nothing would ever forget them then).
@Suite struct InFlightPollMetricsTests {
    @Test func aFeedRemovedWhilePolledLeavesNoSeriesInMetrics() async throws {
        let desk = NewsDesk()
        for story in ["Harbour closure", "Ferry strike"] {
            desk.publish(.init(guid: story, title: "\(story) is reported", body: "\(story) happened."), on: "/gone.xml")
        }
        // Holds the removed feed's answer until the reload has forgotten the feed (see ReloadDuringPoll).
        let reload = ReloadDuringPoll()
        let server = try await LoopbackHTTPServer { request in
            var response = desk.respond(request)
            if request.path == "/gone.xml" { response.heldUntil = { reload.isDone } }
            return response
        }
        defer { Task { await server.shutdown() } }
        let install = try DaemonInstall(feeds: [("kept", "\(server.baseURL)/kept.xml"), ("gone", "\(server.baseURL)/gone.xml")],
                                        extraConfig: "admin:\n  listen: 127.0.0.1:0\n")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let withoutGone = config.replacingOccurrences(of: "  - id: gone\n    url: \(server.baseURL)/gone.xml\n    interval: 1s\n", with: "")
        try #require(withoutGone != config)
        let notify = try NotifySocket(directory: install.dir)
        defer { notify.close() }
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["NOTIFY_SOCKET": notify.path])
        defer { daemon.signal(SIGKILL) }
        try #require(await eventually { !notify.messages(with: "READY=1").isEmpty }, "stderr: \(daemon.stderr)")
        // The daemon says READY=1 again once the reload has forgotten the feed.
        reload.attach(daemon, writing: withoutGone, to: install.configPath) { notify.messages(with: "READY=1").count >= 2 }

        // The held poll ends after the reload; its report is told to the daemon (and /metrics) before
        // the STATUS= line that counts its two articles is sent.
        #expect(await eventually { notify.messages.contains { $0.contains("STATUS=") && $0.contains("2 new articles") } },
                "\(notify.messages)\nstderr: \(daemon.stderr)")
        let admin = try #require(LifecycleTests.adminAddress(daemon.stderr), "\(daemon.stderr)")
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let result = await fetcher.fetch(FetchRequest(url: "http://\(admin)/metrics"))
        let text = String(decoding: result.body, as: UTF8.self)
        #expect(result.status == 200)
        #expect(text.contains("wirewatch_fetches_total{feed=\"kept\",outcome=\"ok\"}"), "\(text)")
        #expect(!text.contains("feed=\"gone\""), "\(text.split(separator: "\n").filter { $0.contains("gone") })")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }
}
