import Delivery
import Foundation
import Store
import Testing
import TestSupport

/// A receiver that answers 2xx has the alert, whatever body it sends: one answering 200 with a body over
/// the fetcher's 1 MiB limit was counted failing, sent again about a hundred times and dead-lettered
/// (trial3 finding 3). What is read of such a body stays within the limit; only the status counts.
@Suite struct WebhookLargeAnswerTests {
    static let twoMiB = Data(repeating: UInt8(ascii: "x"), count: 2 << 20)

    /// With a Content-Length (refused before the body) and without one (cut off past the limit).
    @Test(arguments: [LoopbackHTTPServer.Delivery.whole, .chunked(size: 64 << 10)])
    func aTwoHundredWithATwoMebibyteBodyIsDeliveredOnce(_ delivery: LoopbackHTTPServer.Delivery) async throws {
        try await WebhookFixture.run { f in
            let server = try await f.serve { _ in
                LoopbackHTTPServer.Response(status: 200, headers: [], body: Self.twoMiB, delivery: delivery)
            }
            try f.enqueue([OutboxFixture.record("HUGE1")])
            let w = f.worker(f.sink(server))
            #expect(try await w.drainOnce() == 1)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(delivered: 1))
            f.clock.advance(by: 3600)
            #expect(try await w.drainOnce() == 0)
            #expect(server.requests.count == 1)
        }
    }

    /// A status that is not 2xx is judged by its status, whatever its body's length: a 500 is retried as "HTTP 500",
    /// a 404 dead-lettered at once, not retried for a day as 'too-large' (review of sinkflood, 2).
    @Test(arguments: [500, 404])
    func aFailingStatusWithATwoMebibyteBodyIsJudgedByItsStatus(_ status: Int) async throws {
        try await WebhookFixture.run { f in
            let server = try await f.serve { _ in
                LoopbackHTTPServer.Response(status: status, headers: [], body: Self.twoMiB, delivery: .chunked(size: 64 << 10))
            }
            try f.enqueue([OutboxFixture.record("HUGE2")])
            // A retried delivery past its max_age at its next failure is dead-lettered with that failure's reason.
            let w = f.worker(f.sink(server), policy: RetryPolicy(base: 1, cap: 60, maxAge: 1))
            #expect(try await w.drainOnce() == 1)
            f.clock.advance(by: 120)
            _ = try await w.drainOnce()
            let dead = try f.store.deadLetters(limit: 10)
            #expect(dead.map(\.lastError) == ["HTTP \(status)"], "\(dead)")
            #expect(server.requests.count == (status == 404 ? 1 : 2))
        }
    }
}
