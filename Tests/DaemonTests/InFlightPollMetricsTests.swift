import Fetching
import Foundation
import Synchronization
import Testing
import TestSupport

/// A poll in flight when a reload removes its feed: the reload forgets the feed's series in /metrics,
/// and the poll, ending after it, must not make them again (nothing would ever forget them then).
@Suite struct InFlightPollMetricsTests {
    /// Holds the removed feed's answer, and drives the reload, from the feed server's event loop (as
    /// `InFlightPollReloadTests` does): the test's own task may wait longer for a thread than the fetch may.
    final class Reload: Sendable {
        private let target = Mutex<(daemon: ChildProcess, notify: NotifySocket, configPath: String, config: String)?>(nil)
        private let signalled = Atomic(false)

        func attach(_ daemon: ChildProcess, _ notify: NotifySocket, writing config: String, to configPath: String) {
            target.withLock { $0 = (daemon, notify, configPath, config) }
        }

        /// At the first look after `attach`, the config without the feed is written and the daemon sent
        /// SIGHUP; the answer goes once the daemon says READY=1 again, which it does after forgetting.
        var isDone: Bool {
            guard let target = target.withLock({ $0 }) else { return false }
            if !signalled.exchange(true, ordering: .acquiringAndReleasing) {
                try? target.config.write(toFile: target.configPath, atomically: true, encoding: .utf8)
                target.daemon.signal(SIGHUP)
            }
            return target.notify.messages(with: "READY=1").count >= 2
        }
    }

    static func rss(_ items: [String]) -> LoopbackHTTPServer.Response {
        let body = items.map { "<item><guid>\($0)</guid><title>\($0) is reported</title><description>\($0) happened.</description></item>" }
        return .init(headers: [("Content-Type", "application/rss+xml")],
                     text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>\(body.joined())</channel></rss>")
    }

    @Test func aFeedRemovedWhilePolledLeavesNoSeriesInMetrics() async throws {
        let reload = Reload()
        let server = try await LoopbackHTTPServer { request in
            guard request.path == "/gone.xml" else { return Self.rss([]) }
            var response = Self.rss(["Harbour closure", "Ferry strike"])
            response.heldUntil = { reload.isDone }
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
        #expect(await eventually { !notify.messages(with: "READY=1").isEmpty }, "stderr: \(daemon.stderr)")
        reload.attach(daemon, notify, writing: withoutGone, to: install.configPath)

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
