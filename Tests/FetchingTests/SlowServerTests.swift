import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct SlowServerTests {
    static let fetcher = Fetcher()

    @Test func tricklingServerIsAbortedByTheLowSpeedLimit() async throws {
        let server = try await LoopbackHTTPServer { _ in
            .init(body: Data(repeating: UInt8(ascii: "x"), count: 600), delivery: .trickle(bytes: 1, every: 0.2))
        }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", totalTimeout: 120,
                                                      lowSpeedBytes: 100, lowSpeedSeconds: 1))
        #expect(r.error?.category == .timeout)
        #expect(r.error?.message.contains("too slow") == true)
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try await LoopbackHTTPServer { _ in .neverAnswers }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", totalTimeout: 1))
        #expect(r.error?.category == .timeout)
        #expect(r.error?.message.contains("timed out") == true)
        #expect(server.requests.count == 1)
    }
}
