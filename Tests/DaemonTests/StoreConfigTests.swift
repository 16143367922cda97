import Foundation
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `store:` is a path, as it always was, or a mapping with the path and the retention.
@Suite struct StoreConfigTests {
    /// `home`: where a PostgreSQL store's TLS looks for libpq's files; one of the tests' own, never the machine's.
    func parse(_ store: String, path: String = "/etc/wirewatch/wirewatch.yaml", home: String = TestHome.empty) -> Result<DaemonConfig, Diagnostics> {
        ConfigLoader.parse(text: """
            store: \(store)
            feeds: []
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            """, path: path, home: home)
    }

    @Test func aPathKeepsTheDefaultRetention() throws {
        let config = try parse("var/state.sqlite").get()
        #expect(config.storePath == "/etc/wirewatch/var/state.sqlite")
        #expect(config.retention == RetentionPolicy())
        #expect(config.retention.articles == 30 * 86400 && config.retention.alerts == 90 * 86400 && config.retention.seen == 180 * 86400)
    }

    @Test func aMappingSetsThePathAndTheRetention() throws {
        let config = try parse("{ path: /var/lib/ww/state.sqlite, retention: { articles: 7d, alerts: forever, seen: 365d }, prune_every: 30m }").get()
        #expect(config.storePath == "/var/lib/ww/state.sqlite")
        #expect(config.retention.articles == TimeInterval(7 * 86400))
        #expect(config.retention.alerts == nil)
        #expect(config.retention.every == 1800)
    }

    @Test func mistakesNameTheirLine() {
        let cases: [(String, String)] = [
            ("{ path: s.sqlite, retention: { articles: 10 } }", "'articles' in 'retention' must be a duration of at least 1m, such as 30d, or 'forever' (got '10')"),
            ("{ path: s.sqlite, retention: { article: 7d } }", "unknown key 'article' in 'retention' in 'store'; did you mean 'articles'?"),
            ("{ path: s.sqlite, prune_every: 5s }", "'prune_every' in 'store' must be at least 1m (got '5s')"),
            ("[s.sqlite]", "'store' must be a path or a postgres:// URL, or a mapping with 'path' or 'url' and 'retention'"),
        ]
        for (store, message) in cases {
            guard case .failure(let d) = parse(store) else { Issue.record("accepted: \(store)"); continue }
            #expect(d.items.map(\.message) == [message], "\(store)")
            #expect(d.items.first?.line == 1)
        }
    }
}
