import Foundation
import Synchronization
import Testing
import TestSupport

/// A feed that gives its entries a new guid on every poll (some CMSs and feed proxies do): an entry
/// listed again under a new id with the title and body it had is the entry already seen, so a
/// per-article rule alerts once per entry, not at every poll, and the log says why once.
@Suite struct RenamedEntriesTests {
    @Test func entriesGivenNewGUIDsOnEveryPollAlertOnce() async throws {
        let polls = Mutex(0)
        let server = try await LoopbackHTTPServer { _ in
            let n = polls.withLock { $0 += 1; return $0 }
            let items = (1...3).map { i in
                "<item><guid>poll-\(n)-item-\(i)</guid><link>http://example.com/item/\(i)</link><title>DeepSeek story \(i)</title>"
                    + "<description>DeepSeek used distillation, says report \(i).</description></item>"
            }.joined()
            return .init(headers: [("Content-Type", "application/rss+xml")],
                         text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Churn</title>\(items)</channel></rss>")
        }
        defer { Task { await server.shutdown() } }
        let rules = """
            rules:
              - id: per-article
                query: 'DeepSeek AND distil*'
                throttle: { per: article }
            """
        let install = try TestInstall(feedURL: "\(server.baseURL)/churn.xml", interval: "1s", rules: rules)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }

        // The sixth request is made after the fifth poll was committed: four polls of renamed entries.
        #expect(await eventually(timeout: 90) { polls.withLock { $0 } >= 6 }, "\(daemon.stderr)")
        #expect(install.alertLines().count == 3, "\(install.alertLines())")
        let warnings = daemon.stderr.split(separator: "\n").filter { $0.contains("under new ids") }
        #expect(warnings.count == 1 && warnings.first?.contains("feed=test-desk") == true, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }
}
