import Fetching
import Foundation
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
}
