import Foundation
import Synchronization

/// Feeds served from loopback, by path; a test adds items while the daemon runs.
public final class NewsDesk: Sendable {
    public struct Story: Sendable {
        public var guid: String
        public var title: String
        public var body: String
        public init(guid: String, title: String, body: String) { self.guid = guid; self.title = title; self.body = body }
    }

    private let feeds = Mutex<[String: [Story]]>([:])

    public init() {}

    public func publish(_ story: Story, on path: String) { feeds.withLock { $0[path, default: []].append(story) } }

    /// Changes the body of a story published on `path`, under the same guid (an edited story).
    public func edit(guid: String, on path: String, body: String) {
        feeds.withLock { f in
            for i in f[path, default: []].indices where f[path]![i].guid == guid { f[path]![i].body = body }
        }
    }

    /// Stories published on `path` so far.
    public func stories(on path: String) -> [Story] { feeds.withLock { $0[path] } ?? [] }

    public func respond(_ r: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let stories = feeds.withLock { $0[r.path] } ?? []
        let items = stories.map {
            "<item><guid>\($0.guid)</guid><title>\($0.title)</title><link>https://news.test/\($0.guid)</link><description><![CDATA[\($0.body)]]></description></item>"
        }.joined()
        return .init(headers: [("Content-Type", "application/rss+xml")],
                     text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(r.path)</title>\(items)</channel></rss>")
    }
}
