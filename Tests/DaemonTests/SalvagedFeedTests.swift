import Fetching
import Foundation
import Synchronization
import Testing
import TestSupport

/// A feed whose document had to be repaired to be read: its articles still
/// alert, and it shows "salvaged" with the repair in `wirewatch feeds`, in
/// /metrics and once in the log, until a clean document replaces it.
@Suite struct SalvagedFeedTests {
    /// Serves one document with an ETag, 304 to a matching conditional GET; the test swaps the document.
    final class Edition: Sendable {
        private let state = Mutex<(body: Data, etag: String, notModified: Int, failures: Int)>((Data(), "", 0, 0))
        func publish(_ body: Data, etag: String) { state.withLock { $0.body = body; $0.etag = etag } }
        var notModified: Int { state.withLock { $0.notModified } }
        /// The next `n` requests are answered 503.
        func fail(_ n: Int) { state.withLock { $0.failures = n } }

        func respond(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
            state.withLock { s in
                if s.failures > 0 {
                    s.failures -= 1
                    return .init(status: 503, text: "busy")
                }
                if request.header("If-None-Match") == s.etag {
                    s.notModified += 1
                    return .init(status: 304, headers: [("ETag", s.etag)])
                }
                return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", s.etag)], body: s.body)
            }
        }
    }

    static func document(body: String) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test desk</title><item><guid>a1</guid>"
            + "<title>OpenAI says DeepSeek distilled its models</title><description>\(body)</description></item></channel></rss>"
    }

    @Test func aSalvagedFeedAlertsAndSaysWhatWasRepairedUntilItIsClean() async throws {
        var damaged = Data(Self.document(body: "DeepSeek used knowledge distillation.").utf8)
        let nulAt = try #require(damaged.range(of: Data("knowledge".utf8))).lowerBound
        damaged.insert(contentsOf: [0, 0, 0, 0], at: nulAt)
        let edition = Edition()
        edition.publish(damaged, etag: "\"d1\"")
        let server = try await LoopbackHTTPServer { edition.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "1s")
        try install.appendConfig("admin:\n  listen: 127.0.0.1:0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }

        // The article alerts, and the same document is polled again (304s) without a second warning.
        #expect(await eventually { install.alertLines().count == 1 && edition.notModified >= 2 }, "\(daemon.stderr)")
        let message = "4 NUL bytes dropped (first at byte \(nulAt))"
        var row = try await Self.row(install)
        #expect(row.lastResult == "salvaged")
        #expect(row.lastError == message)
        #expect(row.errorStreak == 0)
        let (_, table, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(table.contains("salvaged") && table.contains("test-desk: \(message)"), "\(table)")

        let admin = try #require(LifecycleTests.adminAddress(daemon.stderr))
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        var metrics = try await LifecycleTests.scrape(fetcher, admin)
        #expect(metrics["wirewatch_feeds{state=\"salvaged\"}"] == 1)
        #expect(metrics["wirewatch_feeds{state=\"ok\"}"] == 0)
        #expect(metrics["wirewatch_fetches_total{feed=\"test-desk\",outcome=\"salvaged\"}"] == 1)
        #expect(metrics["wirewatch_fetches_total{feed=\"test-desk\",outcome=\"not-modified\"}"] ?? 0 >= 2)
        let warnings = daemon.stderr.split(separator: "\n").filter { $0.contains("feed salvaged") }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.contains("warning") == true && warnings.first?.contains(message) == true, "\(warnings)")

        // A failure in between: the feed shows it, then reads the damaged document whole again
        // instead of taking the next 304 for a clean "not-modified".
        // (The failure lasts one poll, too short to catch with `wirewatch feeds` on a loaded machine: the log says it.)
        edition.fail(1)
        #expect(await eventually { daemon.stderr.contains("feed failed") && daemon.stderr.contains("http-5xx") }, "\(daemon.stderr)")
        let after = edition.notModified
        #expect(await eventually { (try? await Self.row(install))?.lastResult == "salvaged" }, "\(daemon.stderr)")
        #expect(await eventually { edition.notModified >= after + 1 })
        #expect((try await Self.row(install)).lastResult == "salvaged")

        // A clean document: the feed is "ok" again, and says so once.
        edition.publish(Data(Self.document(body: "DeepSeek used knowledge distillation.").utf8), etag: "\"c1\"")
        #expect(await eventually { daemon.stderr.contains("feed reads cleanly again") }, "\(daemon.stderr)")
        row = try await Self.row(install)
        #expect(row.lastResult == "ok" || row.lastResult == "not-modified")
        #expect(row.lastError == nil)
        metrics = try await LifecycleTests.scrape(fetcher, admin)
        #expect(metrics["wirewatch_feeds{state=\"salvaged\"}"] == 0)
        #expect(metrics["wirewatch_feeds{state=\"ok\"}"] == 1)
        #expect(install.alertLines().count == 1)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        // Once at first, once more after the failure: each a change of the feed's state.
        #expect(daemon.stderr.split(separator: "\n").filter { $0.contains("feed salvaged") }.count == 2)
    }

    static func row(_ install: TestInstall) async throws -> FeedsCommandTests.Row {
        let (status, json, stderr) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try #require(try decoder.decode([FeedsCommandTests.Row].self, from: Data(json.utf8)).first)
    }
}
