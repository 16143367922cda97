import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct RequestOptionsTests {
    static let fetcher = Fetcher()

    @Test func basicAuthAndCustomHeadersAreSent() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "ok") }
        defer { Task { await server.shutdown() } }
        _ = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", headers: ["X-Feed-Token": "t1"],
                                                  basicAuth: .init(user: "reader", password: "s3cret")))
        let sent = try #require(server.requests.last)
        #expect(sent.header("Authorization") == "Basic " + Data("reader:s3cret".utf8).base64EncodedString())
        #expect(sent.header("X-Feed-Token") == "t1")
        #expect(sent.header("User-Agent")?.hasPrefix("wirewatch/") == true)
    }

    @Test func aHeaderOfTwoLinesFailsTheTransferUnsent() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "ok") }
        defer { Task { await server.shutdown() } }
        // What an env: or credential: value can hold: the config's own check never saw it.
        for (name, value, shown) in [("X-Token", "t1\r\nX-Injected: 1", "X-Token"), ("X-Token", "t1\0", "X-Token"),
                                     ("X-Token\nX-Injected", "1", #""X-Token\nX-Injected""#)] {
            let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", headers: [name: value]))
            #expect(r.error == FetchError(.protocol, "header \(shown) must be one line"))
        }
        #expect(server.requests.isEmpty)
        // A one-line header still goes.
        #expect(await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", headers: ["X-Token": "t1"])).error == nil)
        #expect(server.requests.last?.header("X-Token") == "t1")
    }

    @Test func anHTTPProxyGetsTheAbsoluteURL() async throws {
        let proxy = try await LoopbackHTTPServer { req in .init(text: "via proxy: \(req.path)") }
        defer { Task { await proxy.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "http://feeds.wirewatch.invalid/news.xml", proxy: proxy.baseURL))
        #expect(r.status == 200)
        #expect(proxy.requests.last?.path == "http://feeds.wirewatch.invalid/news.xml")
    }

    @Test func otherProtocolsAreRefused() async {
        for url in ["ftp://127.0.0.1:1/feed.xml", "gopher://127.0.0.1:1/", "dict://127.0.0.1:1/"] {
            let r = await Self.fetcher.fetch(FetchRequest(url: url))
            #expect(r.error?.category == .protocol, "\(url)")
        }
    }

    @Test func unknownHostIsADNSError() async {
        let r = await Self.fetcher.fetch(FetchRequest(url: "http://no-such-host.wirewatch.invalid/feed", connectTimeout: 5))
        #expect(r.error?.category == .dns)
        #expect(r.error?.message.contains("no-such-host") == true)
    }

    @Test func serverErrorIsHTTP5xx() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 500, text: "boom") }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        #expect(r.error?.category == .http5xx)
        #expect(r.error?.message == "HTTP 500")
    }
}

@Suite struct SOCKSProxyTests {
    @Test func aSOCKS5ProxyResolvesTheNameItself() async throws {
        let server = try await LoopbackHTTPServer { req in .init(text: "feed for \(req.header("Host") ?? "?")") }
        let proxy = try await LoopbackSOCKS5Proxy(upstreamPort: server.port)
        defer { Task { await proxy.shutdown(); await server.shutdown() } }
        let r = await RequestOptionsTests.fetcher.fetch(FetchRequest(url: "http://feeds.wirewatch.invalid:8080/news.xml", proxy: proxy.url))
        #expect(r.error == nil)
        #expect(r.body == Data("feed for feeds.wirewatch.invalid:8080".utf8))
        #expect(proxy.connectRequests == ["feeds.wirewatch.invalid:8080"])
    }
}
