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
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
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

    func worker(_ sink: any AlertSink, _ store: any WirewatchStore, clock: any WirewatchClock, concurrency: Int = 1,
                logger: Logger = Self.quiet) -> DeliveryWorker {
        DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(base: 1, cap: 60, maxAge: 86400), clock: clock, doorbell: Doorbell(),
                       logger: logger, options: .init(concurrency: concurrency))
    }

    @Test func aReceiverThatAsksToWaitGetsNothingMoreUntilThenNotEvenAfterARestartAndTheOtherSinkGoesOn() async throws {
        let clock = ManualClock()
        let limited = WebhookReceiver(.failOnce(429, retryAfter: "600")), other = WebhookReceiver()
        let hook = try await limited.start(), otherHook = try await other.start()
        defer { Task { await hook.shutdown(); await otherHook.shutdown() } }
        let path = try makeTemporaryDirectory("sinkpause").appendingPathComponent("state.sqlite").path
        let store = try SQLiteStore(path: path)
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        func sink(_ id: String, _ server: LoopbackHTTPServer) -> WebhookSink {
            WebhookSink(id: id, options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock)
        }
        let w = worker(sink("hook", hook), store, clock: clock)
        try OutboxFixture.enqueue(records, sinks: ["hook", "other"], into: store, now: clock.now())

        #expect(try await w.drainOnce() == 1)
        #expect(limited.requests.count == 1)
        #expect(try store.sinkHold(sink: "hook", now: clock.now()) == SinkHold(sink: "hook", until: clock.now().addingTimeInterval(600),
                                                                                 reason: "HTTP 429"))
        // What was not started stays pending, untouched: no attempt counted, no error.
        let untouched = try store.dueDeliveries(sink: "hook", now: clock.now(), limit: 100)
        #expect(untouched.map(\.record.id) == records.dropFirst().map(\.id))
        #expect(untouched.allSatisfy { $0.attempts == 0 && $0.firstAttempt == nil })

        // The receiver answers 200 again, but asked for 600 s: nothing goes to it meanwhile. The other sink is not held.
        #expect(try await w.drainOnce() == 0)
        #expect(try await worker(sink("other", otherHook), store, clock: clock).drainOnce() == 6)
        #expect(other.processed == records.map(\.id))
        clock.advance(by: 599)
        #expect(try await w.drainOnce() == 0)

        // A restart: a new store on the file, a new sink and worker, still within the pause.
        let reopened = try SQLiteStore(path: path)
        let restarted = worker(sink("hook", hook), reopened, clock: clock)
        #expect(try await restarted.drainOnce() == 0)
        #expect(limited.requests.count == 1)

        clock.advance(by: 1)
        #expect(try await restarted.drainOnce() == 6)
        #expect(limited.requests.count == 7)
        #expect(limited.processed.sorted() == records.map(\.id).sorted())
        #expect(try reopened.deliveryCounts() == DeliveryCounts(delivered: 12))
    }

    @Test func attemptsInFlightFinishAndNoOtherStarts() async throws {
        let clock = ManualClock()
        let receiver = WebhookReceiver(.fail(503, retryAfter: "120"))
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let store = try OutboxFixture.store()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let sink = WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock)
        let w = worker(sink, store, clock: clock, concurrency: 3)
        try OutboxFixture.enqueue(records, sinks: ["hook"], into: store, now: clock.now())

        // Three start together; each is answered 503 with Retry-After, and none of the other three starts.
        #expect(try await w.drainOnce() == 3)
        #expect(receiver.requests.count == 3)
        let untouched = try store.dueDeliveries(sink: "hook", now: clock.now(), limit: 100)
        #expect(untouched.count == 3 && untouched.allSatisfy { $0.attempts == 0 })
        #expect(try store.sinkHold(sink: "hook", now: clock.now())?.until == clock.now().addingTimeInterval(120))

        receiver.set(.accept)
        clock.advance(by: 120)
        #expect(try await w.drainOnce() == 6)
        #expect(receiver.processed.count == 6)
    }

    @Test func aRateLimitWithoutRetryAfterPausesForTheBackoff() async throws {
        let clock = ManualClock()
        let receiver = WebhookReceiver(.failOnce(429))
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let store = try OutboxFixture.store()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let sink = WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock)
        let w = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(base: 10, cap: 60, maxAge: 86400), clock: clock,
                               doorbell: Doorbell(), logger: Self.quiet)
        try OutboxFixture.enqueue(records, sinks: ["hook"], into: store, now: clock.now())

        #expect(try await w.drainOnce() == 1)
        // The first retry's backoff is `base`: the sink waits that long.
        #expect(try store.sinkHold(sink: "hook", now: clock.now())?.until == clock.now().addingTimeInterval(10))
        clock.advance(by: 9)
        #expect(try await w.drainOnce() == 0)
        clock.advance(by: 1)
        #expect(try await w.drainOnce() == 6)
        #expect(receiver.processed.count == 6)
    }

    /// The worker's loop, as the daemon runs it: one line when the pause starts and one when it ends.
    @Test func theRunningWorkerSaysWhenAPauseStartsAndEnds() async throws {
        let clock = ManualClock()
        let receiver = WebhookReceiver(.failOnce(429, retryAfter: "600"))
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let store = try OutboxFixture.store()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let lines = LogCapture()
        let logger = Logger(label: "test") { _ in lines }
        let sink = WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook")), fetcher: fetcher, clock: clock)
        // One at a time: with two in flight, a 200 that comes back before the 429 starts a third request,
        // rightly (the pause is not known yet), and how many went depends on the answers' order
        // (`attemptsInFlightFinishAndNoOtherStarts` covers attempts in flight).
        let w = worker(sink, store, clock: clock, concurrency: 1, logger: logger)
        try OutboxFixture.enqueue(records, sinks: ["hook"], into: store, now: clock.now())

        // Deadlines, not speed checks: six requests one after another, each a turn of the worker's loop on a
        // cooperative pool of two threads that the suite's CPU-bound tests can hold for tens of seconds (4 of
        // the 6 had gone after 30 s in a full run at load 28).
        let patience: TimeInterval = 120
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await w.run() }
            #expect(await eventually(timeout: patience) { lines.contains("sink paused") })
            // The one answered 429, no more.
            #expect(receiver.requests.count == 1)
            #expect(receiver.processed.isEmpty)
            clock.advance(by: 600)
            #expect(await eventually(timeout: patience) { receiver.processed.count == 6 && lines.contains("sink pause over") })
            group.cancelAll()
        }
        #expect(receiver.requests.count == 7)
        #expect(lines.count("sink paused") == 1 && lines.count("sink pause over") == 1)
        #expect(lines.all.first { $0.contains("sink paused") }?.contains("reason=HTTP 429") == true, "\(lines.all)")
    }
}
