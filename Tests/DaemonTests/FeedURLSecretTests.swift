import Fetching
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// A private feed whose token is in its URL (`?token=…`) could only be written literally: a feed `url` could not
/// be `env:` or `credential:` (trial2 finding 31). It may now; the URL is read at each poll, as a header's value
/// is, and the reference, not the URL, is what the store, `feeds`, logs and alerts show.
@Suite struct FeedURLSecretTests {
    static let token = "sekrit-token-7f3a"

    func parse(_ feeds: String) -> Result<DaemonConfig, Diagnostics> {
        ConfigLoader.parse(text: "feeds:\n" + feeds + "\nsinks:\n  - id: alert-log\n    type: alert-log\n    path: var/alerts.jsonl\n",
                           path: "/etc/wirewatch/wirewatch.yaml")
    }

    @Test func aFeedURLMayBeAReferenceAndNeedsAnID() throws {
        let config = try parse("  - id: members\n    url: env:MEMBERS_FEED_URL\n  - id: paper\n    url: credential:paper-feed-url").get()
        #expect(config.feeds.map(\.url) == ["env:MEMBERS_FEED_URL", "credential:paper-feed-url"])
        #expect(config.feeds[0].urlSecret == .environment("MEMBERS_FEED_URL"))
        // The id defaults to the url, which would make the reference the feed's name in alerts and source: queries.
        guard case .failure(let d) = parse("  - url: env:MEMBERS_FEED_URL") else { Issue.record("accepted without an id"); return }
        #expect(d.items.map(\.description) == ["/etc/wirewatch/wirewatch.yaml:2:10: feed env:MEMBERS_FEED_URL: a feed whose url is a "
            + "secret needs an 'id', its name in alerts, logs and source: queries"])
        guard case .failure(let scheme) = parse("  - id: f\n    url: ftp://x.example/feed.xml") else { Issue.record("ftp accepted"); return }
        #expect(scheme.items.map(\.message) == ["feed 'f': url must start with http://, https:// or file:, or be env:NAME or credential:NAME (got 'ftp://x.example/feed.xml')"])
    }

    @Test func theURLIsReadAtEachPollAndOnlyItsReferenceIsKept() async throws {
        let site = DemoSite([.init(guid: "m1", title: "Members only", body: "DeepSeek used knowledge distillation.")])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let (setup, poll, fetcher) = try FeedAccessTests.pipeline(environment: [
            "MEMBERS_FEED_URL": "\(server.baseURL)/feed.xml?token=\(Self.token)",
            "SHOUTED_FEED_URL": "HTTP://\(server.baseURL.dropFirst("http://".count))/feed.xml?token=\(Self.token)&shouted",
        ])
        defer { fetcher.shutdown() }
        let feed = FeedConfig(id: FeedID("members"), url: "env:MEMBERS_FEED_URL", interval: nil, tags: [], allowFile: false, headers: [:])

        // A scheme is case-insensitive in the value as in the config: `HTTP://` failed every poll (review-configside finding 2).
        let shouted = FeedConfig(id: FeedID("shouted"), url: "env:SHOUTED_FEED_URL", interval: nil, tags: [], allowFile: false, headers: [:])
        let heard = await poll.poll(shouted, url: shouted.url, setup: setup)
        #expect(heard.label == "ok", "\(heard.error ?? "")")
        #expect(server.requests.last?.path == "/feed.xml?token=\(Self.token)&shouted")

        let report = await poll.poll(feed, url: feed.url, setup: setup)
        #expect(report.label == "ok" && report.newArticles == 1, "\(report.error ?? "")")
        #expect(server.requests.last?.path == "/feed.xml?token=\(Self.token)")
        let state = try #require(try SQLiteStore(path: setup.config.storePath).feedState(feed.id))
        #expect(state.url == "env:MEMBERS_FEED_URL")
    }

    /// A reload cannot mend a variable that holds no feed URL, as it cannot mend one that is unset; a credential
    /// file that holds none may yet be rewritten, in a directory set by hand (SystemdCredentialsReloadTests: not systemd's).
    @Test func aReloadRefusesAVariableThatHoldsNoFeedURL() throws {
        let install = try TestInstall(feedURL: "env:SHAPELESS_FEED_URL")
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let missing = setup.secretsOnlyARestartProvides(environment: ["SHAPELESS_FEED_URL": "news.example/feed.xml?token=\(Self.token)"])
        #expect(missing.map(\.description) == ["\(install.configPath):6:10: feed 'test-desk': env:SHAPELESS_FEED_URL: holds no http:// or "
            + "https:// URL with a host, as a feed's url must be; a running daemon's environment does not change: set it for the daemon and restart it"])
        #expect(setup.secretsOnlyARestartProvides(environment: ["SHAPELESS_FEED_URL": "https://news.example/feed.xml?token=\(Self.token)"]).isEmpty)

        let credential = try TestInstall(feedURL: "credential:members-url")
        let dir = try makeTemporaryDirectory("wirewatch-credentials")
        try "news.example/feed.xml".write(to: dir.appendingPathComponent("members-url"), atomically: true, encoding: .utf8)
        let written = try WatchSetup.load(configPath: credential.configPath).get()
        #expect(written.secretsOnlyARestartProvides(environment: ["CREDENTIALS_DIRECTORY": dir.path]).isEmpty)
        #expect(written.unreadableSecrets(environment: ["CREDENTIALS_DIRECTORY": dir.path]).map(\.message)
            == ["feed 'test-desk': credential:members-url: holds no http:// or https:// URL with a host, as a feed's url must be; the daemon does not start with it"])
    }

    @Test func aMoveIsNotKeptAndAnErrorNamesNoPartOfTheURL() async throws {
        // A permanent move would be kept, and shown by `feeds` and the log, in the clear.
        let site = DemoSite([.init(guid: "m1", title: "Members only", body: "Text.")])
        let server = try await LoopbackHTTPServer { request in
            request.path.hasPrefix("/old.xml") ? .init(status: 301, headers: [("Location", "/feed.xml?token=\(Self.token)")]) : site.respond(request)
        }
        defer { Task { await server.shutdown() } }
        let refusing = try RefusingPort()
        let (setup, poll, fetcher) = try FeedAccessTests.pipeline(environment: [
            "MOVED_URL": "\(server.baseURL)/old.xml?token=\(Self.token)",
            "REFUSED_URL": "http://127.0.0.1:\(refusing.port)/private-path/feed.xml?token=\(Self.token)",
            "NOT_A_URL": "ftp://\(Self.token)/feed.xml",
        ])
        defer { fetcher.shutdown() }
        let moved = FeedConfig(id: FeedID("moved"), url: "env:MOVED_URL", interval: nil, tags: [], allowFile: false, headers: [:])
        let report = await poll.poll(moved, url: moved.url, setup: setup)
        guard case .fetched(let signals) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(signals.movedTo == nil)

        let refused = FeedConfig(id: FeedID("refused"), url: "env:REFUSED_URL", interval: nil, tags: [], allowFile: false, headers: [:])
        let failed = await poll.poll(refused, url: refused.url, setup: setup)
        #expect(failed.label == "connect", "\(failed.error ?? "")")
        let message = try #require(try SQLiteStore(path: setup.config.storePath).feedState(refused.id)?.lastError)
        #expect(message.contains("[redacted]") && !message.contains(Self.token) && !message.contains("127.0.0.1")
                && !message.contains("private-path"), "\(message)")

        let wrong = FeedConfig(id: FeedID("wrong"), url: "env:NOT_A_URL", interval: nil, tags: [], allowFile: false, headers: [:])
        let refusedShape = await poll.poll(wrong, url: wrong.url, setup: setup)
        #expect(refusedShape.label == "config")
        #expect(refusedShape.error == "env:NOT_A_URL: holds no http:// or https:// URL with a host, as a feed's url must be")
    }
}
