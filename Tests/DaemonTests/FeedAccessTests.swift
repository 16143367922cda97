import Delivery
import Fetching
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// A feed's proxy, login, TLS switch and limits, from the config to the request
/// libcurl sends, with its secrets read from the environment at each poll.
@Suite struct FeedAccessTests {
    func parse(_ yaml: String) -> Result<DaemonConfig, Diagnostics> {
        ConfigLoader.parse(text: yaml + """

            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            """, path: "/etc/wirewatch/wirewatch.yaml")
    }

    /// Which headers are credentials, for the redirects a feed follows: a secret reference, or a name that says so.
    @Test(arguments: [(["Accept-Language": SecretOrValue.value("en")], false), (["X-Api-Key": .value("k")], true),
                      (["Authorization": .value("Bearer k")], true), (["X-Feed": .secret(.environment("FEED"))], true)])
    func aCredentialHeaderKeepsRedirectsOnTheFeedsHost(headers: [String: SecretOrValue], keeps: Bool) throws {
        let feed = FeedConfig(id: FeedID("f"), url: "https://wire.example/feed.xml", interval: nil, tags: [], allowFile: false, headers: headers)
        let state = FeedState(feed: feed.id, url: feed.url)
        let config = try parse("feeds:\n  - id: f\n    url: https://wire.example/feed.xml\n").get()
        #expect(try feed.fetch(url: feed.url, state: state, poll: config.poll, environment: ["FEED": "x"]).request.keepsCredentialsOnHost == keeps)
    }

    @Test func pollProxyNoneSendsEveryFeedDirectAndAnUpperCaseSchemeIsRead() throws {
        let config = try parse("""
            poll: { proxy: none }
            feeds:
              - id: loud
                url: HTTP://wire.example/feed.xml
            """).get()
        #expect(config.feeds[0].url == "http://wire.example/feed.xml")
        let state = FeedState(feed: FeedID("loud"), url: config.feeds[0].url)
        // libcurl reads an empty proxy as none, the environment's *_proxy variables included.
        let fetch = try config.feeds[0].fetch(url: state.url, state: state, poll: config.poll, environment: ["http_proxy": "http://p:1"])
        #expect(fetch.request.proxy == "")
    }

    @Test func everyOptionReachesTheFeed() throws {
        let config = try parse("""
            poll: { proxy: 'http://proxy.internal:3128', proxy_ca: ca/proxy.pem, max_size: 4MiB, per_host: 2, timeout: 30s }
            feeds:
              - id: wire
                url: https://wire.example/feed.xml
                proxy: socks5h://127.0.0.1:1080
                auth: { user: reader, password: env:WIRE_PASSWORD }
                tls_verify: false
                max_size: 32MiB
                timeout: 2m
                headers: { X-Token: 'credential:wire-token', Accept-Language: en }
              - id: direct
                url: https://direct.example/feed.xml
                proxy: none
              - id: plain
                url: https://plain.example/feed.xml
            """).get()
        #expect(config.poll.proxy == .value("http://proxy.internal:3128"))
        #expect(config.poll.proxyCAFile == "/etc/wirewatch/ca/proxy.pem")
        #expect(config.poll.maxBytes == 4 << 20 && config.poll.perHost == 2)
        let wire = config.feeds[0].access
        #expect(wire.proxy == .via(.value("socks5h://127.0.0.1:1080")))
        #expect(wire.login == .init(user: "reader", password: .environment("WIRE_PASSWORD")))
        #expect(!wire.verifyTLS && wire.maxBytes == 32 << 20 && wire.timeout == 120)
        #expect(config.feeds[0].headers == ["X-Token": .secret(.credential("wire-token")), "Accept-Language": .value("en")])
        #expect(config.feeds[1].access.proxy == .direct)
        #expect(config.feeds[2].access == FeedAccess())

        let env = ["WIRE_PASSWORD": "pw1", "CREDENTIALS_DIRECTORY": try credentials(["wire-token": "tok\n"])]
        let state = FeedState(feed: FeedID("wire"), url: "https://wire.example/feed.xml", etag: "\"v1\"")
        let wireFetch = try config.feeds[0].fetch(url: state.url, state: state, poll: config.poll, environment: env)
        #expect(wireFetch.request.proxy == "socks5h://127.0.0.1:1080" && wireFetch.request.proxyCAFile == "/etc/wirewatch/ca/proxy.pem")
        #expect(wireFetch.request.basicAuth == .init(user: "reader", password: "pw1"))
        #expect(wireFetch.request.headers == ["X-Token": "tok", "Accept-Language": "en"])
        #expect(!wireFetch.request.verifyTLS && wireFetch.request.maxBodyBytes == 32 << 20 && wireFetch.request.totalTimeout == 120)
        // Its own timeout past the slow-server cut is how long a server that thinks before it sends is waited for
        // (trial finding 14); a feed on poll.timeout keeps the 20-second cut.
        #expect(wireFetch.request.lowSpeedSeconds == 120)
        #expect(wireFetch.request.etag == "\"v1\"")
        #expect(Set(wireFetch.secrets.map(\.value)) == ["pw1", "tok"])
        let direct = try config.feeds[1].fetch(url: "https://direct.example/feed.xml", state: state, poll: config.poll, environment: [:])
        #expect(direct.request.proxy == "")
        // A login or a secret header keeps redirects on the feed's host; a feed with neither follows them anywhere.
        #expect(wireFetch.request.keepsCredentialsOnHost && !direct.request.keepsCredentialsOnHost)
        let plain = try config.feeds[2].fetch(url: "https://plain.example/feed.xml", state: state, poll: config.poll, environment: [:])
        #expect(plain.request.proxy == "http://proxy.internal:3128" && plain.request.verifyTLS)
        #expect(plain.request.maxBodyBytes == 4 << 20 && plain.request.totalTimeout == 30 && plain.request.basicAuth == nil)
        #expect(plain.request.lowSpeedSeconds == 20)
    }

    @Test func mistakesNameTheirLine() {
        let cases: [(String, String)] = [
            ("auth: { user: reader, password: hunter2 }",
             "feed 'f': 'password' must be env:NAME or credential:NAME; a password is never written in the config file"),
            ("auth: { password: env:PW }", "'auth' of feed 'f' needs 'user'"),
            ("proxy: ftp://proxy:21",
             "feed 'f': 'proxy' must be a URL starting with http://, https://, socks4://, socks4a://, socks5://, socks5h://, or none, env:NAME or credential:NAME (got 'ftp://proxy:21')"),
            ("max_size: 10", "feed 'f': 'max_size' must be a size from 1KiB to 1GiB such as 16MiB (got '10')"),
            ("max_size: 2GiB", "feed 'f': 'max_size' must be a size from 1KiB to 1GiB such as 16MiB (got '2GiB')"),
            ("tls_verify: maybe", "'tls_verify' in feed 'f' must be true or false (got 'maybe')"),
            ("proxi: http://p:3128", "unknown key 'proxi' in a feed; did you mean 'proxy'?"),
        ]
        for (line, message) in cases {
            let yaml = "feeds:\n  - id: f\n    url: https://f.example/feed.xml\n    \(line)"
            guard case .failure(let d) = parse(yaml) else { Issue.record("accepted: \(line)"); continue }
            #expect(d.items.map(\.message) == [message], "\(line)")
            #expect(d.items.first?.line == 4, "\(line)")
        }
    }

    @Test func aFeedIsPolledThroughItsProxyWithItsLogin() async throws {
        let site = DemoSite([.init(guid: "p1", title: "Through the proxy", body: "DeepSeek used knowledge distillation.")])
        // A plain HTTP proxy: it gets the absolute URL and answers for the origin.
        let proxy = try await LoopbackHTTPServer { req in site.respond(req) }
        defer { Task { await proxy.shutdown() } }
        let (setup, poll, fetcher) = try Self.pipeline(environment: ["FEED_PASSWORD": "s3cret"])
        defer { fetcher.shutdown() }
        var feed = FeedConfig(id: FeedID("wire"), url: "http://feeds.wirewatch.invalid/feed.xml", interval: nil, tags: [],
                              allowFile: false, headers: ["X-Feed-Token": .secret(.environment("FEED_PASSWORD"))])
        feed.access = FeedAccess(proxy: .via(.value(proxy.baseURL)), login: .init(user: "reader", password: .environment("FEED_PASSWORD")))

        let report = await poll.poll(feed, url: feed.url, setup: setup)
        #expect(report.label == "ok", "\(report.error ?? "")")
        #expect(report.newArticles == 1 && report.alerts.count == 1)
        let sent = try #require(proxy.requests.last)
        #expect(sent.path == "http://feeds.wirewatch.invalid/feed.xml")
        #expect(sent.header("Authorization") == "Basic " + Data("reader:s3cret".utf8).base64EncodedString())
        #expect(sent.header("X-Feed-Token") == "s3cret")
    }

    @Test func aMissingSecretFailsOnlyItsFeedAndSaysWhich() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "<rss/>") }
        defer { Task { await server.shutdown() } }
        let (setup, poll, fetcher) = try Self.pipeline(environment: [:])
        defer { fetcher.shutdown() }
        var feed = FeedConfig(id: FeedID("locked"), url: "\(server.baseURL)/feed.xml", interval: nil, tags: [], allowFile: false, headers: [:])
        feed.access.login = .init(user: "reader", password: .environment("LOCKED_PASSWORD"))

        let report = await poll.poll(feed, url: feed.url, setup: setup)
        #expect(report.label == "config")
        let state = try #require(try SQLiteStore(path: setup.config.storePath).feedState(feed.id))
        #expect(state.lastOutcome == "config")
        #expect(state.lastError == "env:LOCKED_PASSWORD: the environment variable LOCKED_PASSWORD is not set")
        #expect(server.requests.isEmpty)
    }

    @Test func aSecretIsCutFromTheFeedsError() async throws {
        let refusing = try RefusingPort()
        let (setup, poll, fetcher) = try Self.pipeline(environment: ["PROXY_URL": "http://proxy-user:proxy-pass@127.0.0.1:\(refusing.port)"])
        defer { fetcher.shutdown() }
        var feed = FeedConfig(id: FeedID("hidden"), url: "http://feeds.wirewatch.invalid/feed.xml", interval: nil, tags: [],
                              allowFile: false, headers: [:])
        feed.access.proxy = .via(.secret(.environment("PROXY_URL")))
        let report = await poll.poll(feed, url: feed.url, setup: setup)
        #expect(report.label == "connect", "\(report.error ?? "")")
        let state = try #require(try SQLiteStore(path: setup.config.storePath).feedState(feed.id))
        // libcurl's message names the proxy's host; the proxy URL was a secret, so no part of it shows.
        let message = try #require(state.lastError)
        #expect(message.contains("[redacted]") && !message.contains("127.0.0.1") && !message.contains("proxy-"), "\(message)")
    }

    // MARK: -

    /// A setup and a poller on its own store, the poller reading secrets from `environment` (FeedURLSecretTests too).
    static func pipeline(environment: [String: String]) throws -> (WatchSetup, FeedPoll, Fetcher) {
        let install = try TestInstall(feedURL: "http://unused.invalid/feed.xml")
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let fetcher = Fetcher()
        var poll = FeedPoll(fetcher: fetcher, store: try SQLiteStore(path: setup.config.storePath), clock: ManualClock(),
                            permits: WorkPermits(limit: 1), drain: DrainState(), logger: Logger(label: "test"))
        poll.environment = environment
        return (setup, poll, fetcher)
    }

    private func credentials(_ files: [String: String]) throws -> String {
        let dir = try makeTemporaryDirectory("wirewatch-credentials")
        for (name, value) in files { try value.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }
}
