import Foundation
import Synchronization
import TestSupport

/// Feeds served from loopback, by path; a test adds items while the daemon runs.
final class NewsDesk: Sendable {
    struct Story: Sendable { var guid: String; var title: String; var body: String }
    private let feeds = Mutex<[String: [Story]]>([:])

    func publish(_ story: Story, on path: String) { feeds.withLock { $0[path, default: []].append(story) } }

    func respond(_ r: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let stories = feeds.withLock { $0[r.path] } ?? []
        let items = stories.map {
            "<item><guid>\($0.guid)</guid><title>\($0.title)</title><link>https://news.test/\($0.guid)</link><description><![CDATA[\($0.body)]]></description></item>"
        }.joined()
        return .init(headers: [("Content-Type", "application/rss+xml")],
                     text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(r.path)</title>\(items)</channel></rss>")
    }
}

/// A config directory for a `wirewatch run` child: feeds, sinks and rules as the test gives them.
struct DaemonInstall {
    let dir: URL
    var configPath: String { dir.appendingPathComponent("wirewatch.yaml").path }
    var alertLog: String { dir.appendingPathComponent("var/alerts.jsonl").path }

    init(feeds: [(id: String, url: String)], extraSinks: String = "",
         rules: String = DaemonInstall.distillationRule) throws {
        dir = try makeTemporaryDirectory("daemon")
        let feedList = feeds.map { "  - id: \($0.id)\n    url: \($0.url)\n    interval: 1s" }.joined(separator: "\n")
        try """
            store: var/state.sqlite
            data: \(repositoryRoot.appendingPathComponent("Config").path)
            rules: rules.d
            feeds:
            \(feedList)
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            \(extraSinks)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
        try rules.write(to: dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
    }

    static let distillationRule = """
        rules:
          - id: deepseek-distillation
            query: 'DeepSeek AND distil*'
            severity: high
        """

    func lines(_ path: String? = nil) -> [String] {
        guard let text = try? String(contentsOfFile: path ?? alertLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
