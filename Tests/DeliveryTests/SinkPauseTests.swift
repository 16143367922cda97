@testable import Delivery
import Fetching
import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore

/// A receiver that asks to wait (429, or 503/408 with Retry-After) pauses its whole sink: real
/// receivers on 127.0.0.1, the real fetcher, worker and SQLite outbox; only the clock is a test double.
@Suite struct SinkPauseTests {
    let records = (1...6).map { OutboxFixture.record("PAUSE\($0)") }

    struct Answer: Sendable, CustomStringConvertible {
        var status: Int
        var retryAfter: String?
        /// The pause's length in seconds, or nil for none.
        var pause: TimeInterval?
        var description: String { "\(status) Retry-After: \(retryAfter ?? "-")" }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// With the retry policy's backoff at 8 s for the delivery answered.
    @Test(arguments: [
        Answer(status: 200, retryAfter: nil, pause: nil),
        Answer(status: 200, retryAfter: "60", pause: nil),
        Answer(status: 429, retryAfter: nil, pause: 8),
        Answer(status: 429, retryAfter: "120", pause: 120),
        Answer(status: 429, retryAfter: "not a time", pause: 8),
        Answer(status: 429, retryAfter: "0", pause: 8),
        Answer(status: 429, retryAfter: HTTPDate.format(SinkPauseTests.now.addingTimeInterval(-300)), pause: 8),
        Answer(status: 429, retryAfter: "86400", pause: 3600),
        Answer(status: 429, retryAfter: HTTPDate.format(SinkPauseTests.now.addingTimeInterval(300)), pause: 300),
        Answer(status: 503, retryAfter: "30", pause: 30),
        Answer(status: 503, retryAfter: nil, pause: nil),
        Answer(status: 408, retryAfter: "5", pause: 5),
        Answer(status: 408, retryAfter: nil, pause: nil),
        Answer(status: 500, retryAfter: "30", pause: nil),
        Answer(status: 502, retryAfter: nil, pause: nil),
        Answer(status: 404, retryAfter: "30", pause: nil),
        Answer(status: 400, retryAfter: nil, pause: nil),
    ])
    func whatAnAnswerAsksOfTheSink(_ answer: Answer) {
        let headers = ResponseHeaders(lines: answer.retryAfter.map { [("Retry-After", $0)] } ?? [])
        let result = FetchResult(requestURL: "http://hook.example/", finalURL: "http://hook.example/", status: answer.status,
                                 headers: headers, body: Data(), redirects: [], timings: .init(), error: nil)
        #expect(SinkPause.until(WebhookResponse.outcome(result, now: Self.now), now: Self.now, backoff: 8) == answer.pause.map { Self.now.addingTimeInterval($0) }, "\(answer)")
    }

    @Test func aRefusedConnectionPausesNothing() {
        let result = FetchResult(requestURL: "http://hook.example/", finalURL: "http://hook.example/", status: 0, headers: ResponseHeaders(),
                                 body: Data(), redirects: [], timings: .init(), error: FetchError(.connect, "Connection refused"))
        #expect(SinkPause.until(WebhookResponse.outcome(result, now: Self.now), now: Self.now, backoff: 8) == nil)
    }

    @Test func aReceiverThatAsksToWaitGetsNothingMoreUntilThenNotEvenAfterARestartAndTheOtherSinkGoesOn() async throws {
        try await WebhookFixture.run { f in
            let limited = WebhookReceiver(.failOnce(429, retryAfter: "600")), other = WebhookReceiver()
            let hook = try await f.start(limited), otherHook = try await f.start(other)
            let clock = f.clock, store = f.store
            let w = f.worker(f.sink(hook))
            try f.enqueue(records, sinks: ["hook", "other"])

            #expect(try await w.drainOnce() == 1)
            #expect(limited.requests.count == 1)
            // It names the receiver that asked, by a digest of its URL (which may be a secret), never the URL.
            #expect(try store.sinkHold(sink: "hook", now: clock.now()) == SinkHold(sink: "hook", until: clock.now().addingTimeInterval(600),
                                                                                     reason: "HTTP 429", receiver: ReceiverMark.of("\(hook.baseURL)/hook")))
            // What was not started stays pending, untouched: no attempt counted, no error.
            let untouched = try store.dueDeliveries(sink: "hook", now: clock.now(), limit: 100)
            #expect(untouched.map(\.record.id) == records.dropFirst().map(\.id))
            #expect(untouched.allSatisfy { $0.attempts == 0 && $0.firstAttempt == nil })

            // The receiver answers 200 again, but asked for 600 s: nothing goes to it meanwhile. The other sink is not held.
            #expect(try await w.drainOnce() == 0)
            #expect(try await f.worker(f.sink(otherHook, id: "other")).drainOnce() == 6)
            #expect(other.processed == records.map(\.id))
            clock.advance(by: 599)
            #expect(try await w.drainOnce() == 0)

            // A restart: a new store on the file, a new sink and worker, still within the pause.
            let reopened = try SQLiteStore(path: f.storePath)
            let restarted = f.worker(f.sink(hook), store: reopened)
            #expect(try await restarted.drainOnce() == 0)
            #expect(limited.requests.count == 1)

            clock.advance(by: 1)
            #expect(try await restarted.drainOnce() == 6)
            #expect(limited.requests.count == 7)
            #expect(limited.processed.sorted() == records.map(\.id).sorted())
            #expect(try reopened.deliveryCounts() == DeliveryCounts(delivered: 12))
        }
    }

    @Test func attemptsInFlightFinishAndNoOtherStarts() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(503, retryAfter: "120"))
            let w = f.worker(f.sink(try await f.start(receiver)), concurrency: 3)
            try f.enqueue(records)

            // Three start together; each is answered 503 with Retry-After, and none of the other three starts.
            #expect(try await w.drainOnce() == 3)
            #expect(receiver.requests.count == 3)
            let untouched = try f.store.dueDeliveries(sink: "hook", now: f.clock.now(), limit: 100)
            #expect(untouched.count == 3 && untouched.allSatisfy { $0.attempts == 0 })
            #expect(try f.store.sinkHold(sink: "hook", now: f.clock.now())?.until == f.clock.now().addingTimeInterval(120))

            receiver.set(.accept)
            f.clock.advance(by: 120)
            #expect(try await w.drainOnce() == 6)
            #expect(receiver.processed.count == 6)
        }
    }

    @Test func aRateLimitWithoutRetryAfterPausesForTheBackoff() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.failOnce(429))
            let w = f.worker(f.sink(try await f.start(receiver)), policy: RetryPolicy(base: 10, cap: 60, maxAge: 86400))
            try f.enqueue(records)

            #expect(try await w.drainOnce() == 1)
            // The first retry's backoff is `base`: the sink waits that long.
            #expect(try f.store.sinkHold(sink: "hook", now: f.clock.now())?.until == f.clock.now().addingTimeInterval(10))
            f.clock.advance(by: 9)
            #expect(try await w.drainOnce() == 0)
            f.clock.advance(by: 1)
            #expect(try await w.drainOnce() == 6)
            #expect(receiver.processed.count == 6)
        }
    }

    /// The worker's loop, as the daemon runs it, on a sink whose receiver answers its first request 429 with
    /// `retryAfter`; `whilePaused` runs once the worker has said the pause, and the loop ends after it.
    /// One delivery at a time: with two in flight, a 200 that comes back before the 429 starts a third
    /// request, rightly (the pause is not known yet), and how many went depends on the answers' order
    /// (`attemptsInFlightFinishAndNoOtherStarts` covers attempts in flight).
    func runPaused(_ f: WebhookFixture, retryAfter: String,
                   whilePaused: @escaping @Sendable (WebhookReceiver) async -> Void) async throws -> (WebhookReceiver, LogCapture) {
        let receiver = WebhookReceiver(.failOnce(429, retryAfter: retryAfter))
        let lines = LogCapture()
        let w = f.worker(f.sink(try await f.start(receiver)), logger: Logger(label: "test") { _ in lines })
        try f.enqueue(records)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await w.run() }
            #expect(await eventually(timeout: Self.patience) { lines.contains("sink paused") })
            // The one answered 429, no more.
            #expect(receiver.requests.count == 1)
            #expect(receiver.processed.isEmpty)
            await whilePaused(receiver)
            group.cancelAll()
        }
        return (receiver, lines)
    }

    /// Deadlines, not speed checks: six requests one after another, each a turn of the worker's loop on a
    /// cooperative pool of two threads that the suite's CPU-bound tests can hold for tens of seconds (4 of
    /// the 6 had gone after 30 s in a full run at load 28).
    static let patience: TimeInterval = 120

    /// One line when the pause starts and one when it ends.
    @Test func theRunningWorkerSaysWhenAPauseStartsAndEnds() async throws {
        try await WebhookFixture.run { f in
            let (receiver, lines) = try await runPaused(f, retryAfter: "600") { receiver in
                f.clock.advance(by: 600)
                #expect(await eventually(timeout: Self.patience) { receiver.processed.count == 6 })
            }
            #expect(await eventually(timeout: Self.patience) { lines.contains("sink pause over") })
            #expect(receiver.requests.count == 7)
            #expect(lines.count("sink paused") == 1 && lines.count("sink pause over") == 1)
            #expect(lines.all.first { $0.contains("sink paused") }?.contains("reason=HTTP 429") == true, "\(lines.all)")
        }
    }

    /// `wirewatch deliver resume` lifts the hold from another process: the running worker follows it
    /// within about a second, with the clock standing still an hour before the pause's end, and the
    /// delivery answered 429 (due again only then) goes along with the others.
    @Test func aRunningWorkerFollowsALiftedPauseAtOnceAndSendsTheAnsweredDeliveryToo() async throws {
        try await WebhookFixture.run { f in
            let (receiver, lines) = try await runPaused(f, retryAfter: "3600") { receiver in
                let lifted = try? SQLiteStore(path: f.storePath).liftHold(sink: "hook", now: f.clock.now())
                #expect(lifted?.hold.reason == "HTTP 429" && lifted?.due == 1, "\(String(describing: lifted))")
                #expect(await eventually(timeout: Self.patience) { receiver.processed.count == 6 })
            }
            #expect(receiver.processed.sorted() == records.map(\.id).sorted())
            #expect(lines.count("sink pause lifted before its end") == 1 && lines.count("sink pause over") == 0, "\(lines.all)")
            // Lifted once, it is gone: a second lift finds nothing to lift.
            #expect(try f.store.liftHold(sink: "hook", now: f.clock.now()) == nil)
        }
    }

    /// Another daemon on a shared store is told to wait longer: this worker, paused already, waits that long too.
    @Test func aPauseLengthenedElsewhereHoldsTheWorkerUntilItsNewEnd() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.failOnce(429, retryAfter: "600"))
            let w = f.worker(f.sink(try await f.start(receiver)))
            try f.enqueue(records)
            #expect(try await w.drainOnce() == 1)
            try SQLiteStore(path: f.storePath).save(SinkHold(sink: "hook", until: f.clock.now().addingTimeInterval(1200), reason: "HTTP 503"))
            f.clock.advance(by: 601)
            #expect(try await w.drainOnce() == 0)
            #expect(receiver.requests.count == 1)
            f.clock.advance(by: 600)
            #expect(try await w.drainOnce() == 6)
        }
    }
}
