import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct ContentEncodingTests {
    static let fetcher = Fetcher()

    @Test func asksForEveryEncodingLibcurlDecodes() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "ok") }
        defer { Task { await server.shutdown() } }
        _ = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        let offered = Set((server.requests.last?.header("Accept-Encoding") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(offered.isSuperset(of: ["gzip", "deflate", "br", "zstd"]))
    }

    @Test(arguments: [("gzip", "small-rss.xml.gz"), ("deflate", "small-rss.xml.zlib"),
                      ("br", "small-rss.xml.br"), ("zstd", "small-rss.xml.zst")])
    func encodedBodyArrivesDecoded(encoding: String, file: String) async throws {
        let encoded = try fixture(file)
        let server = try await LoopbackHTTPServer { _ in
            .init(headers: [("Content-Encoding", encoding), ("Content-Type", "application/rss+xml")], body: encoded)
        }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        #expect(r.error == nil)
        #expect(r.body == (try fixture("small-rss.xml")))
    }
}
