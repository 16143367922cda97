import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct RedirectTests {
    static let fetcher = Fetcher()

    /// Serves `hops[path] = (status, location)`, and "feed" anywhere else.
    static func server(_ hops: [String: (Int, String)]) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer { req in
            guard let (status, location) = hops[req.path] else { return .init(text: "feed at \(req.path)") }
            return .init(status: status, headers: [("Location", location)])
        }
    }

    @Test func permanentChainReportsFinalURLAndMove() async throws {
        let server = try await Self.server(["/a": (301, "/b"), "/b": (308, "/c")])
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/a"))
        #expect(r.error == nil)
        #expect(r.body == Data("feed at /c".utf8))
        #expect(r.finalURL == "\(server.baseURL)/c")
        #expect(r.redirects == [301, 308])
        #expect(r.movedPermanently)
    }

    @Test func oneTemporaryHopMeansTheFeedHasNotMoved() async throws {
        let server = try await Self.server(["/a": (301, "/b"), "/b": (302, "/c")])
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/a"))
        #expect(r.status == 200)
        #expect(r.redirects == [301, 302])
        #expect(!r.movedPermanently)
    }

    @Test func loopStopsAfterFiveRedirects() async throws {
        let server = try await Self.server(["/loop": (302, "/loop")])
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/loop"))
        #expect(r.error?.category == .protocol)
        #expect(r.error?.message.contains("redirects") == true)
        #expect(server.requests.count == 6)
    }

    @Test func redirectToAFileIsRefusedEvenWhenFilesAreAllowed() async throws {
        let server = try await Self.server(["/feed": (302, "file:///etc/hostname")])
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", allowFile: true))
        #expect(r.error?.category == .protocol)
        #expect(r.body.isEmpty)
    }
}
