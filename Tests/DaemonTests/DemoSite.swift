import Foundation
import Synchronization
import TestSupport

/// A news site for tests: an RSS feed whose items the test can change, served
/// with ETag and Last-Modified, answering 304 to a matching conditional GET.
final class DemoSite: Sendable {
    struct Item: Sendable {
        var guid: String
        var title: String
        var body: String
    }

    private let state = Mutex<(items: [Item], version: Int, notModified: Int, conditional: Int)>(([], 1, 0, 0))

    /// Written as every item's `<guid>` when set (a site that gives all items one id); links stay the items' own.
    let sharedGUID: String?

    init(_ items: [Item], sharedGUID: String? = nil) {
        self.sharedGUID = sharedGUID
        state.withLock { $0.items = items }
    }

    func add(_ item: Item) { state.withLock { $0.items.append(item); $0.version += 1 } }

    /// Changes an item in place, under the same guid (a new ETag, as a site serves an edited story).
    func edit(guid: String, title: String? = nil, body: String? = nil) {
        state.withLock { s in
            for i in s.items.indices where s.items[i].guid == guid {
                if let title { s.items[i].title = title }
                if let body { s.items[i].body = body }
            }
            s.version += 1
        }
    }

    func remove(guid: String) { state.withLock { $0.items.removeAll { $0.guid == guid }; $0.version += 1 } }

    /// Requests answered 304, and requests that carried a validator.
    var notModifiedCount: Int { state.withLock { $0.notModified } }
    var conditionalCount: Int { state.withLock { $0.conditional } }

    func respond(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            let etag = "\"v\(s.version)\""
            let lastModified = "Wed, 29 Jan 2025 0\(min(s.version, 9)):00:00 GMT"
            if request.header("If-None-Match") != nil || request.header("If-Modified-Since") != nil { s.conditional += 1 }
            if request.header("If-None-Match") == etag {
                s.notModified += 1
                return .init(status: 304, headers: [("ETag", etag)])
            }
            let items = s.items.map { i in
                "<item><guid>\(sharedGUID ?? i.guid)</guid><title>\(i.title)</title><link>https://news.test/\(i.guid)</link>"
                    + "<pubDate>Wed, 29 Jan 2025 08:00:00 GMT</pubDate><description><![CDATA[<p>\(i.body)</p>]]></description></item>"
            }.joined()
            let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test desk</title><link>https://news.test/</link>\(items)</channel></rss>"
            return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", etag), ("Last-Modified", lastModified)], text: xml)
        }
    }
}

/// A config directory for one test: wirewatch.yaml, one rule file, and the
/// repository's shipped analysis data.
struct TestInstall {
    let dir: URL
    var configPath: String { dir.appendingPathComponent("wirewatch.yaml").path }
    var alertLog: String { dir.appendingPathComponent("var/alerts.jsonl").path }

    init(feedURL: String, interval: String = "1s", rules: String = TestInstall.defaultRules,
         store: String = "var/state.sqlite") throws {
        dir = try makeTemporaryDirectory()
        let config = """
            store: \(store)
            data: \(repositoryRoot.appendingPathComponent("Config").path)
            rules: rules.d
            feeds:
              - id: test-desk
                url: \(feedURL)
                interval: \(interval)
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
        try rules.write(to: dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
    }

    /// Writes an article for `rules test` into the install's directory; returns its path.
    func writeArticle(_ text: String, named name: String = "article.txt") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let defaultRules = """
        rules:
          - id: deepseek-distillation
            query: 'DeepSeek AND (distil* OR "knowledge distillation")'
            severity: high
          - id: export-controls-china
            query: '"export control*" AND (China OR Chinese OR Beijing)'
            sinks: [alert-log]
        """

    /// The alert log's lines (empty when it does not exist).
    func alertLines() -> [String] {
        guard let text = try? String(contentsOfFile: alertLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
