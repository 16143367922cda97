import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct ConditionalGetTests {
    static let fetcher = Fetcher()

    @Test func notModifiedWhenValidatorsMatch() async throws {
        let server = try await LoopbackHTTPServer { req in
            if req.header("If-None-Match") == "\"v1\"" { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            return .init(headers: [("ETag", "\"v1\""), ("Last-Modified", "Wed, 29 Jan 2025 08:00:00 GMT")], text: "<rss/>")
        }
        defer { Task { await server.shutdown() } }
        let first = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/f"))
        #expect(first.status == 200)
        #expect(first.body == Data("<rss/>".utf8))
        #expect(first.headers.etag == "\"v1\"")
        let second = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/f", etag: first.headers.etag,
                                                           lastModified: first.headers.lastModified))
        #expect(second.isNotModified)
        #expect(server.requests.last?.header("If-Modified-Since") == "Wed, 29 Jan 2025 08:00:00 GMT")
        #expect(server.requests.last?.header("User-Agent")?.hasPrefix("wirewatch/") == true)
    }

    /// A 304 to a request that sent no validator is no answer (a misconfigured cache): a protocol error, not a
    /// healthy "not modified" with nothing ever read (trial3 finding 16).
    @Test func notModifiedToAnUnconditionalRequestIsAProtocolError() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 304) }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/f"))
        #expect(r.error?.category == .protocol && r.error?.message.contains("304 Not Modified to a request without") == true, "\(r)")
        let asked = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/f", etag: "\"v1\""))
        #expect(asked.isNotModified && asked.error == nil, "\(asked)")
    }

    @Test func refusedPortIsAConnectError() async throws {
        // A port bound but not listening: refused, and held, so no other test's server is handed it meanwhile.
        let refusing = try RefusingPort()
        let r = await Self.fetcher.fetch(FetchRequest(url: "http://127.0.0.1:\(refusing.port)/f"))
        #expect(r.error?.category == .connect)
        withExtendedLifetime(refusing) {}
    }

    @Test func fileURLsNeedThePermission() async {
        let r = await Self.fetcher.fetch(FetchRequest(url: "file:///etc/hostname"))
        #expect(r.error?.category == .protocol)
        let allowed = await Self.fetcher.fetch(FetchRequest(url: "file:///etc/hostname", allowFile: true))
        #expect(allowed.error == nil)
    }

    @Test func http404IsAClientError() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 404, text: "nope") }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/missing"))
        #expect(r.error?.category == .http4xx)
        #expect(r.status == 404)
    }
}

@Suite struct PostTests {
    @Test func postSendsBodyAndHeaders() async throws {
        let server = try await LoopbackHTTPServer { req in
            .init(status: req.method == "POST" ? 202 : 405, text: String(decoding: req.body, as: UTF8.self))
        }
        defer { Task { await server.shutdown() } }
        let r = await ConditionalGetTests.fetcher.fetch(FetchRequest(
            url: "\(server.baseURL)/hook", method: "POST", body: Data("{\"a\":1}".utf8),
            headers: ["Content-Type": "application/json", "Idempotency-Key": "K1"]))
        #expect(r.status == 202)
        #expect(r.body == Data("{\"a\":1}".utf8))
        #expect(server.requests.last?.header("Idempotency-Key") == "K1")
        #expect(server.requests.last?.header("Content-Type") == "application/json")
    }
}
