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

    /// A request that carries credentials follows redirects on its own host only: libcurl sends every header but
    /// Authorization and Cookie along to another host (an X-Api-Key went to whatever host a feed redirected to).
    @Test func credentialsAreNotFollowedToAnotherHost() async throws {
        let other = try await LoopbackHTTPServer { _ in .init(text: "other host") }
        defer { Task { await other.shutdown() } }
        // The same port under another name: another host to libcurl and to the check.
        let elsewhere = "http://localhost:\(other.port)/feed"
        let server = try await Self.server(["/away": (301, elsewhere), "/near": (302, "/feed")])
        defer { Task { await server.shutdown() } }
        var request = FetchRequest(url: "\(server.baseURL)/away", headers: ["X-Api-Key": "SECRET"])
        request.keepsCredentialsOnHost = true
        let r = await Self.fetcher.fetch(request)
        #expect(r.error?.category == .protocol)
        #expect(r.error?.message == "redirected to \(elsewhere) and not followed: the feed's credentials (a login or a secret header) "
                + "go only to the host of its url; if the feed moved there, write the new url in the config", "\(String(describing: r.error))")
        #expect(other.requests.isEmpty)
        #expect(!r.movedPermanently)
        // On its own host, it is followed; without credentials, anywhere.
        request.url = "\(server.baseURL)/near"
        #expect(await Self.fetcher.fetch(request).body == Data("feed at /feed".utf8))
        let plain = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/away", headers: ["Accept-Language": "de"]))
        #expect(plain.error == nil && plain.body == Data("other host".utf8))
        #expect(other.requests.count == 1)
    }
}
