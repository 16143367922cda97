import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct BodyCapTests {
    static let fetcher = Fetcher()
    static let big = Data(repeating: UInt8(ascii: "x"), count: 20_000)

    @Test func oversizeWithContentLengthIsTooLarge() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(body: Self.big) }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", maxBodyBytes: 10_000))
        #expect(r.error?.category == .tooLarge)
        #expect(r.body.isEmpty)
    }

    @Test func oversizeWithoutContentLengthIsTooLarge() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(body: Self.big, delivery: .chunked(size: 1000)) }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", maxBodyBytes: 10_000))
        #expect(r.error?.category == .tooLarge)
    }

    @Test func aBodyAtTheCapIsAccepted() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(body: Self.big, delivery: .chunked(size: 1000)) }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", maxBodyBytes: Self.big.count))
        #expect(r.error == nil)
        #expect(r.body == Self.big)
    }

    @Test func theCapCountsInflatedBytes() async throws {
        // 8 KB on the wire, 8 MiB once gunzipped.
        let bomb = try fixture("zeros-8MiB.gz")
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Encoding", "gzip")], body: bomb) }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", maxBodyBytes: 1 << 20))
        #expect(r.error?.category == .tooLarge)
    }
}
