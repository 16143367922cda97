import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct ResponseHeaderTests {
    static let fetcher = Fetcher()

    @Test func namesAreReadInAnyCase() async throws {
        let server = try await LoopbackHTTPServer { _ in
            .init(headers: [("ETAG", "\"e1\""), ("last-MODIFIED", "Wed, 29 Jan 2025 08:00:00 GMT"),
                            ("Content-type", "application/atom+xml"), ("DATE", "Wed, 29 Jan 2025 09:00:00 GMT")], text: "<feed/>")
        }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        #expect(r.headers.etag == "\"e1\"")
        #expect(r.headers.lastModified == "Wed, 29 Jan 2025 08:00:00 GMT")
        #expect(r.headers.contentType == "application/atom+xml")
        #expect(r.headers.date == HTTPDate.parse("Wed, 29 Jan 2025 09:00:00 GMT"))
    }

    @Test func onlyTheFinalResponseCounts() async throws {
        let server = try await LoopbackHTTPServer { req in
            req.path == "/old"
                ? .init(status: 301, headers: [("Location", "/new"), ("ETag", "\"of-the-redirect\""), ("Retry-After", "60")])
                : .init(text: "<rss/>")
        }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/old"))
        #expect(r.status == 200)
        #expect(r.headers.etag == nil)
        #expect(r.headers.retryAfter == nil)
        #expect(r.headers.location == nil)
        #expect(r.body == Data("<rss/>".utf8))
    }
}
