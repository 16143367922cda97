import Fetching
import Foundation
import Testing
import TestSupport

/// An `https://` proxy is spoken to over TLS, and its certificate is checked
/// like a server's: against the system's CAs, or the bundle a feed names.
@Suite struct HTTPSProxyTests {
    static let fetcher = Fetcher()

    @Test func anUntrustedProxyIsATLSErrorAndItsCABundleTrustsIt() async throws {
        let proxy = try await SelfSignedTLSServer()
        let url = "http://feeds.wirewatch.invalid/news.xml"
        let untrusted = await Self.fetcher.fetch(FetchRequest(url: url, proxy: "https://127.0.0.1:\(proxy.port)"))
        #expect(untrusted.error?.category == .tls, "\(String(describing: untrusted.error))")
        // The feed's own verification switch is about the feed's server, never its proxy.
        var unverifiedFeed = FetchRequest(url: url, proxy: "https://127.0.0.1:\(proxy.port)", verifyTLS: false)
        #expect(await Self.fetcher.fetch(unverifiedFeed).error?.category == .tls)
        // With the proxy's certificate as the CA bundle the handshake passes; `openssl s_server`
        // is no proxy, so what follows fails, but not as TLS.
        unverifiedFeed.proxyCAFile = proxy.certificate
        let trusted = await Self.fetcher.fetch(unverifiedFeed)
        #expect(trusted.error?.category != .tls, "\(String(describing: trusted.error))")
        #expect(proxy.process.stdout.contains("ACCEPT"))
    }

    @Test(.enabled(if: NginxTLSServer.available, "needs nginx (bench/fetch/run.sh installs it)"))
    func aFeedIsFetchedThroughAnHTTPSProxy() async throws {
        let origin = try await LoopbackHTTPServer { req in .init(text: "<rss>\(req.path)</rss>") }
        defer { Task { await origin.shutdown() } }
        let proxy = try await NginxTLSServer { port in
            "listen 127.0.0.1:\(port) ssl; location / { proxy_pass http://127.0.0.1:\(origin.port); }"
        }
        let request = FetchRequest(url: "http://feeds.wirewatch.invalid/news.xml", proxy: "https://127.0.0.1:\(proxy.port)")
        // Untrusted first: libcurl 7.88 reuses a proxy connection that a request with a CA
        // bundle opened for a later request without one.
        #expect(try #require(await proxy.fetch(request, with: Self.fetcher)).error?.category == .tls)
        #expect(origin.requests.isEmpty)
        var trusted = request
        trusted.proxyCAFile = proxy.certificate
        let r = await Self.fetcher.fetch(trusted)
        #expect(r.error == nil, "\(String(describing: r.error)) \(proxy.process.stderr)")
        #expect(r.body == Data("<rss>/news.xml</rss>".utf8))
        #expect(origin.requests.count == 1)
    }
}
