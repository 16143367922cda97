import Delivery
import Foundation
import Logging
import Testing
import TestSupport

/// A failing sink is said once, for its cause, and once when it delivers again: a full disk under the
/// alert log wrote one warning per delivery per attempt, 18,652 lines in 50 s, and four failing webhooks
/// 1,197 in 54 s (trial3 finding 4). Each attempt is at debug; a dead letter stays an error line each.
@Suite struct SinkTroubleTests {
    let records = (1...5).map { OutboxFixture.record("TROUBLE\($0)") }

    @Test func aWebhookAnswering500IsSaidFailingOnceAndDeliveringAgainOnce() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(500))
            let lines = LogCapture()
            let w = f.worker(f.sink(try await f.start(receiver)), concurrency: 2, logger: Logger(label: "test") { _ in lines })
            try f.enqueue(records)

            #expect(try await w.drainOnce() == 5)
            f.clock.advance(by: 61)
            #expect(try await w.drainOnce() == 5)
            #expect(receiver.requests.count == 10)
            #expect(lines.count("sink failing") == 1, "\(lines.all)")
            #expect(lines.count("sink failing", atLeast: .warning) == 1)
            let failing = try #require(lines.all.first { $0.contains("sink failing") })
            #expect(failing.contains("error=HTTP 500") && failing.contains("sink=hook"), "\(failing)")
            // Every attempt is still there for whoever runs at debug, and none above it.
            #expect(lines.count("delivery failed, will retry") == 10, "\(lines.all)")
            #expect(lines.count("delivery failed", atLeast: .info) == 0, "\(lines.all)")

            receiver.set(.accept)
            f.clock.advance(by: 61)
            #expect(try await w.drainOnce() == 5)
            #expect(receiver.processed.count == 5)
            #expect(lines.count("sink delivers again") == 1, "\(lines.all)")
            #expect(lines.count("sink delivers again", atLeast: .notice) == 1)
            #expect(lines.all.first { $0.contains("sink delivers again") }?.contains("failed_attempts=10") == true, "\(lines.all)")
            #expect(lines.count("sink failing") == 1)
        }
    }

    /// A delivery given up is the loss an operator must see: one error line each, failing or not.
    @Test func eachDeadLetterIsStillAnErrorLine() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(500))
            let lines = LogCapture()
            let w = f.worker(f.sink(try await f.start(receiver)), policy: RetryPolicy(base: 1, cap: 1, maxAge: 30),
                             logger: Logger(label: "test") { _ in lines })
            try f.enqueue(records)
            #expect(try await w.drainOnce() == 5)
            f.clock.advance(by: 61)
            #expect(try await w.drainOnce() == 5)
            #expect(lines.count("delivery dead-lettered", atLeast: .error) == 5, "\(lines.all)")
            #expect(lines.count("sink failing") == 1, "\(lines.all)")
        }
    }

    /// A digest is one request: one failed digest of three alerts is one failed attempt, a lone one, not "sink failing"
    /// at once (review of this session, 3).
    @Test func aFailedDigestIsOneAttempt() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(500))
            let lines = LogCapture()
            let w = f.worker(f.sink(try await f.start(receiver)), digest: 60, logger: Logger(label: "test") { _ in lines })
            try f.enqueue(Array(records.prefix(3)))
            f.clock.advance(by: 61)
            #expect(try await w.drainOnce() == 3)
            #expect(lines.count("sink failing") == 0 && lines.count("a delivery failed and is retried") == 1, "\(lines.all)")
            receiver.set(.accept)
            f.clock.advance(by: 3600)
            #expect(try await w.drainOnce() == 3)
            #expect(lines.count("sink delivers again") == 0, "\(lines.all)")
        }
    }

    @Test func aNewCauseIsSaidAndTheSameCauseIsNot() {
        var t = SinkTrouble()
        #expect(t.settle(delivered: 3, failures: []) == nil)
        #expect(t.settle(delivered: 0, failures: ["HTTP 500", "HTTP 500"]) == .failing(reason: "HTTP 500"))
        #expect(t.settle(delivered: 0, failures: ["HTTP 500"]) == nil)
        // A timeout's text changes with every attempt; its category does not.
        #expect(t.settle(delivered: 0, failures: ["timeout: Operation timed out after 15001 milliseconds"])
            == .failingForAnotherCause(reason: "timeout: Operation timed out after 15001 milliseconds", was: "HTTP 500", failedAttempts: 3))
        #expect(t.settle(delivered: 0, failures: ["timeout: Operation timed out after 15002 milliseconds"]) == nil)
        // Some delivered, some not: still failing, not said recovered at every such batch.
        #expect(t.settle(delivered: 4, failures: ["timeout: Operation timed out after 15000 milliseconds"]) == nil)
        #expect(t.settle(delivered: 0, failures: []) == nil)
        #expect(t.settle(delivered: 1, failures: []) == .deliversAgain(failedAttempts: 6))
        #expect(t.cause == nil && t.failedAttempts == 0)
        #expect(t.settle(delivered: 1, failures: []) == nil)
    }

    /// A webhook's sink is said failing at the second failed attempt in a row: a receiver failing one request in
    /// five, its batches an alert or two, said "failing" and "delivers again" for every failure (review of
    /// sinkflood, 4). One failure alone is one line, and nothing when the next batch delivers.
    @Test func aSinkFailingNowAndThenSaysOneLinePerFailure() {
        var t = SinkTrouble(failingAfter: 2)
        var news: [SinkTrouble.News] = []
        for batch in 0..<21 {
            let failing = batch % 5 == 4
            if let n = t.settle(delivered: failing ? 0 : 1, failures: failing ? ["HTTP 502"] : []) { news.append(n) }
        }
        #expect(news == Array(repeating: .failedOnce(reason: "HTTP 502"), count: 4))
        // Two in a row (or two in one batch): failing, and its end said.
        #expect(t.settle(delivered: 0, failures: ["HTTP 502"]) == .failedOnce(reason: "HTTP 502"))
        #expect(t.settle(delivered: 0, failures: ["HTTP 502"]) == .failing(reason: "HTTP 502"))
        #expect(t.settle(delivered: 1, failures: []) == .deliversAgain(failedAttempts: 2))
        #expect(t.settle(delivered: 0, failures: ["HTTP 500", "HTTP 500"]) == .failing(reason: "HTTP 500"))
    }

    @Test func theCauseIsTheStatusTheCategoryOrTheWholeReason() {
        #expect(SinkTrouble.cause(of: "HTTP 502") == "HTTP 502")
        #expect(SinkTrouble.cause(of: "HTTP 302 (to http://x/): webhooks do not follow redirects") == "HTTP 302")
        #expect(SinkTrouble.cause(of: "connect: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server") == "connect")
        #expect(SinkTrouble.cause(of: "writing /var/log/wirewatch/alerts.jsonl: No space left on device")
            == "writing /var/log/wirewatch/alerts.jsonl: No space left on device")
    }
}
