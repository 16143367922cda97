import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct ConnectionCapTests {
    /// Fetches `count` URLs at once from a server that takes a while to answer each.
    static func fetchAtOnce(_ count: Int, limits: Fetcher.Limits) async throws -> (LoopbackHTTPServer, [FetchResult], Fetcher) {
        let server = try await LoopbackHTTPServer { req in .init(body: Data(req.path.utf8), delivery: .whole, delay: 0.05) }
        let fetcher = Fetcher(limits: limits)
        let results = await withTaskGroup(of: FetchResult.self) { group in
            for i in 0..<count { group.addTask { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed/\(i)")) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        return (server, results, fetcher)
    }

    @Test func perHostCapIsNeverExceeded() async throws {
        let (server, results, fetcher) = try await Self.fetchAtOnce(30, limits: .init(maxConnectionsPerHost: 3, maxConnections: 100))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        #expect(results.allSatisfy { $0.status == 200 })
        #expect(server.requests.count == 30)
        #expect(server.peakConnections <= 3)
        // The fetches did overlap: a fetcher that ran them one by one would pass the cap trivially.
        #expect(server.peakConnections > 1)
    }

    @Test func totalCapHoldsWhenThePerHostCapWouldAllowMore() async throws {
        let (server, results, fetcher) = try await Self.fetchAtOnce(20, limits: .init(maxConnectionsPerHost: 10, maxConnections: 2))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        #expect(results.allSatisfy { $0.status == 200 })
        #expect(server.peakConnections <= 2)
    }

    @Test func everyHandleIsCleanedUp() async throws {
        let (server, results, fetcher) = try await Self.fetchAtOnce(40, limits: .init(maxConnectionsPerHost: 4))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        #expect(results.count == 40)
        #expect(fetcher.openHandles == 0)
    }
}
