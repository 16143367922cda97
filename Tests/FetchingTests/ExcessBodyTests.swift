import Fetching
import Foundation
import Synchronization
import Testing
import TestSupport

/// A server that sends more bytes than its Content-Length leaves them in the kept-alive connection; the
/// next request on it (another feed of that server) read them as its answer and failed with "Received
/// HTTP/0.9 when not allowed", its error streak and broken mark not its own (trial3 finding 1). That
/// request is sent again on a fresh connection.
@Suite struct ExcessBodyTests {
    @Test func bytesPastAContentLengthDoNotFailTheNextRequestOnTheConnection() async throws {
        let feed = Data(String(repeating: "<item>news</item>", count: 200).utf8)
        let server = try await LoopbackHTTPServer { request in
            request.path == "/short"
                // The declared half at once, the rest a moment later: after the client has taken the answer as whole.
                ? .init(headers: [("Content-Length", "\(feed.count / 2)")], body: feed, delivery: .trickle(bytes: feed.count / 2, every: 0.02))
                : .init(body: feed)
        }
        let fetcher = Fetcher(limits: .init(maxConnectionsPerHost: 1))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        var failures: [String] = []
        for _ in 0..<10 {
            let short = await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/short"))
            #expect(short.body.count == feed.count / 2 || short.error != nil, "\(short)")
            let good = await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/good"))
            if let error = good.error { failures.append("\(error)") } else { #expect(good.body == feed) }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// A webhook's POST is not sent again: the receiver read it and acted on it before its answer came behind the
    /// stale bytes, and a chat channel without an Idempotency-Key showed it twice (review of the lead's mends, 13).
    /// It fails, to be retried through the outbox under its key.
    @Test func aPostOnAStaleConnectionIsNotSentAgain() async throws {
        let feed = Data(String(repeating: "<item>news</item>", count: 200).utf8)
        let posts = Mutex(0)
        let server = try await LoopbackHTTPServer { request in
            if request.method == "POST" { posts.withLock { $0 += 1 } }
            // The excess comes 0.2 s after the answer: the POST, sent at once on the kept connection, meets it even
            // on a loaded machine (at 20 ms a late POST saw the excess first, or the server read it first).
            return request.path == "/short"
                ? .init(headers: [("Content-Length", "\(feed.count / 2)")], body: feed, delivery: .trickle(bytes: feed.count / 2, every: 0.2))
                : .init(body: Data("ok".utf8))
        }
        let fetcher = Fetcher(limits: .init(maxConnectionsPerHost: 1))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        var failed = 0
        for _ in 0..<10 {
            _ = await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/short"))
            let post = await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/hook", method: "POST", body: Data("{}".utf8)))
            if post.error != nil { failed += 1 }
        }
        // A POST that met the stale bytes fails, to be retried through the outbox; sent again at once, it succeeded
        // and the failure went unsaid. None reached the receiver twice.
        #expect(failed > 0, "the POSTs met the stale bytes as the GETs do, and were sent again")
        #expect(posts.withLock { $0 } <= 10, "\(failed) failed")
    }
}
