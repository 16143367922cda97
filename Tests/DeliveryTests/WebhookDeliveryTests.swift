@testable import Delivery
import Fetching
import Foundation
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore

/// Webhook delivery against real receivers on 127.0.0.1, through the real
/// fetcher and a real SQLite outbox; only the clock is a test double.
@Suite struct WebhookDeliveryTests {
    let records = (1...6).map { OutboxFixture.record("ALERT\($0)") }

    @Test func aReceiverThatIsDownThenBackGetsEveryAlertOncePerKey() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(503))
            let first = try await f.start(receiver)
            let port = first.port
            let clock = f.clock, store = f.store
            let w = f.worker(f.sink(first), concurrency: 4)
            try f.enqueue(records)

            // Overloaded: 503 to everything.
            #expect(try await w.drainOnce() == 6)
            // Down: nothing listens on the port (and open connections are closed); the port stays
            // bound, so no other test's server is handed it and these retries.
            await first.shutdown()
            let down = try RefusingPort(port: port)
            let beforeDown = receiver.requests.count
            clock.advance(by: 61)
            #expect(try await w.drainOnce() == 6)
            #expect(receiver.requests.count == beforeDown)
            #expect(try store.deliveryCounts() == DeliveryCounts(pending: 6))
            // Back, but the first answer for ALERT1 is lost after the work was done.
            receiver.set(.processThenFail)
            down.release()
            _ = try await f.start(receiver, port: port)
            clock.advance(by: 61)
            #expect(try await w.drainOnce() == 6)
            receiver.set(.accept)
            for _ in 0..<3 {
                clock.advance(by: 61)
                try await w.drainOnce()
            }
            #expect(try store.deliveryCounts() == DeliveryCounts(delivered: 6))
            #expect(receiver.processed.sorted() == records.map(\.id).sorted())
            // Each key whose answer was lost came again, and was not processed twice.
            // (503, then processed-but-lost, then accepted: three requests reach the receiver per key.)
            for r in records { #expect(receiver.requests.filter { $0.header("Idempotency-Key") == r.id }.count >= 3) }
            // Nothing is sent again once delivered.
            let sent = receiver.requests.count
            clock.advance(by: 3600)
            #expect(try await w.drainOnce() == 0)
            #expect(receiver.requests.count == sent)
        }
    }

    /// A sink's `timeout` is what bounds a receiver that works before it answers: the fetcher's low-speed
    /// cut (20 s under 64 bytes a second, counted once the upload has faded from libcurl's speed window) used
    /// to end the wait first, so `timeout: 60s` meant about 25 s.
    @Test func aReceiverThatAnswersAfterThirtySecondsIsWaitedForUpToTheTimeout() async throws {
        try await WebhookFixture.run { f in
            let server = try await f.serve { _ in
                LoopbackHTTPServer.Response(status: 200, headers: [], body: Data("ok".utf8), delivery: .whole, delay: 30)
            }
            try f.enqueue(Array(records.prefix(1)))
            #expect(try await f.worker(f.sink(server, timeout: 60), concurrency: 4).drainOnce() == 1)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(delivered: 1))
        }
    }

    @Test func aRejectingReceiverDeadLettersAtOnceAndRetryQueuesAgain() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(400))
            let clock = f.clock, store = f.store
            let w = f.worker(f.sink(try await f.start(receiver)), concurrency: 4)
            try f.enqueue([records[0]])

            #expect(try await w.drainOnce() == 1)
            let dead = try store.deadLetters(limit: 10)
            #expect(dead.map(\.alert) == [records[0].id])
            #expect(dead.first?.attempts == 1)
            #expect(dead.first?.lastError == "HTTP 400")
            #expect(dead.first?.deadAt == clock.now())
            clock.advance(by: 86400)
            #expect(try await w.drainOnce() == 0)
            #expect(receiver.requests.count == 1)

            receiver.set(.accept)
            #expect(try store.requeueDead(alert: records[0].id, sink: nil, now: clock.now()) == 1)
            #expect(try await w.drainOnce() == 1)
            #expect(try store.deliveryCounts() == DeliveryCounts(delivered: 1))
            #expect(receiver.processed == [records[0].id])
        }
    }

    /// A receiver that moved for good (301, 308) will never take the request at its old URL, and
    /// webhooks do not follow redirects: dead-lettered at once, saying where it went. A temporary
    /// redirect is retried.
    @Test(arguments: [(301, true, "https://hooks.example/new"), (308, true, "https://hooks.example/new"), (301, true, "/new"),
                      (302, false, "https://hooks.example/new"), (307, false, "https://hooks.example/new")])
    func aPermanentRedirectDeadLettersAtOnceSayingWhereATemporaryOneIsRetried(status: Int, dead: Bool, location: String) async throws {
        try await WebhookFixture.run { f in
            let server = try await f.serve { _ in
                LoopbackHTTPServer.Response(status: status, headers: [("Location", location)])
            }
            let whole = location.hasPrefix("/") ? "\(server.baseURL)\(location)" : location
            try f.enqueue([records[0]])
            #expect(try await f.worker(f.sink(server), concurrency: 4).drainOnce() == 1)
            let letters = try f.store.deadLetters(limit: 10)
            if dead {
                #expect(letters.first?.lastError == "HTTP \(status): the receiver moved to \(whole) for good; "
                    + "webhooks do not follow redirects: set the sink's url to where it moved")
            } else {
                #expect(letters.isEmpty)
                #expect(try f.store.deliveryCounts() == DeliveryCounts(pending: 1))
                // What the retry says, as the worker logs it (the store keeps it for dead letters only).
                let result = await f.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/hook", method: "POST", maxRedirects: 0))
                guard case .retry(let reason, _) = WebhookResponse.outcome(result, now: f.clock.now()) else { Issue.record("not retried"); return }
                #expect(reason == "HTTP \(status) (to \(whole)): webhooks do not follow redirects")
            }
        }
    }

    @Test func retryAfterIsHonouredFor429And408IsRetried() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(429, retryAfter: "120"))
            let clock = f.clock
            let w = f.worker(f.sink(try await f.start(receiver)), policy: RetryPolicy(base: 1, cap: 5, maxAge: 86400), concurrency: 4)
            try f.enqueue([records[0]])

            try await w.drainOnce()
            clock.advance(by: 119)
            #expect(try await w.drainOnce() == 0)
            receiver.set(.fail(408))
            clock.advance(by: 1)
            #expect(try await w.drainOnce() == 1)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(pending: 1))
            receiver.set(.accept)
            clock.advance(by: 5)
            #expect(try await w.drainOnce() == 1)
            #expect(receiver.processed == [records[0].id])
        }
    }

    @Test func aFailingAndASlowReceiverDoNotDelayAHealthyOne() async throws {
        try await WebhookFixture.run { f in
            let healthy = WebhookReceiver(), failing = WebhookReceiver(.fail(500))
            let good = try await f.start(healthy), bad = try await f.start(failing)
            let hole = try BlackHole()
            let slowFetcher = Fetcher()
            let clock = SystemClock(), store = f.store
            let fast = RetryPolicy(base: 0.05, cap: 0.2, maxAge: 3600)
            let workers = [
                f.worker(WebhookSink(id: "good", options: .init(url: .value("\(good.baseURL)/hook")), fetcher: f.fetcher), clock: clock,
                         policy: fast, concurrency: 4),
                f.worker(WebhookSink(id: "bad", options: .init(url: .value("\(bad.baseURL)/hook")), fetcher: f.fetcher), clock: clock,
                         policy: fast, concurrency: 4),
                f.worker(WebhookSink(id: "slow", options: .init(url: .value("http://127.0.0.1:\(hole.port)/hook"), timeout: 600),
                                     fetcher: slowFetcher), clock: clock, policy: fast, concurrency: 4),
            ]
            let many = (1...20).map { OutboxFixture.record("MANY\($0)") }
            try OutboxFixture.enqueue(many, sinks: ["good", "bad", "slow"], into: store, now: Date())

            await withTaskGroup(of: Void.self) { group in
                for w in workers { group.addTask { await w.run() } }
                #expect(await eventually { healthy.processed.count == 20 })
                // The failing receiver has been tried, and retried, meanwhile; the slow one still holds its first requests.
                #expect(await eventually { failing.requests.count > 20 })
                let slow = try? store.dueDeliveries(sink: "slow", now: Date(), limit: 100)
                #expect(slow?.count == 20 && slow?.allSatisfy { $0.attempts == 0 } == true)
                group.cancelAll()
                slowFetcher.shutdown()
            }
            #expect(healthy.processed.sorted() == many.map(\.id).sorted())
        }
    }

    @Test func aDigestWaitsItsWindowThenSendsOneMessage() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver()
            let w = f.worker(f.sink(try await f.start(receiver), id: "digest"), concurrency: 4, digest: 600)
            try f.enqueue(Array(records.prefix(2)), sinks: ["digest"])
            f.clock.advance(by: 300)
            try f.enqueue([records[2]], sinks: ["digest"])
            #expect(try await w.drainOnce() == 0)
            f.clock.advance(by: 300)
            #expect(try await w.drainOnce() == 3)
            #expect(receiver.requests.count == 1)
            let body = try #require(receiver.requests.first?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect((json["alerts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == records.prefix(3).map(\.id))
            #expect(receiver.requests.first?.header("Idempotency-Key")?.hasPrefix("digest-") == true)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(delivered: 3))
        }
    }

    @Test func aFailedDigestIsRetriedWithTheSameAlertsAndKey() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.fail(503))
            let w = f.worker(f.sink(try await f.start(receiver), id: "digest"), policy: RetryPolicy(base: 1, cap: 1, maxAge: 86400),
                             concurrency: 4, digest: 60)
            try f.enqueue(Array(records.prefix(2)), sinks: ["digest"])
            f.clock.advance(by: 60)
            #expect(try await w.drainOnce() == 2)
            try f.enqueue([records[2]], sinks: ["digest"])
            receiver.set(.accept)
            f.clock.advance(by: 2)
            #expect(try await w.drainOnce() == 2)
            let keys = receiver.requests.map { $0.header("Idempotency-Key") ?? "" }
            #expect(keys.count == 2 && keys[0] == keys[1])
            f.clock.advance(by: 60)
            #expect(try await w.drainOnce() == 1)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(delivered: 3))
        }
    }

    /// A digest's deliveries are stamped with its first attempt before it goes, and a digest a stopped daemon
    /// left so (sent, its outcome never recorded) goes again alone, under the same key, not regrouped with the
    /// alerts raised since under a new one (trial3 finding 12: 26 of 390 alerts taken twice by the receiver).
    @Test func aDigestCutShortByAStopGoesAgainWithTheSameAlertsAndKey() async throws {
        try await WebhookFixture.run { f in
            let receiver = WebhookReceiver(.holdUntilReleased)
            let w = f.worker(f.sink(try await f.start(receiver), id: "digest"), concurrency: 4, digest: 60)
            try f.enqueue(Array(records.prefix(2)), sinks: ["digest"])
            f.clock.advance(by: 60)
            let first = Task { try await w.drainOnce() }
            #expect(await eventually { receiver.requests.count == 1 })
            // What a daemon stopped now leaves in the store: both stamped with one first attempt.
            let begun = try f.store.dueDeliveries(sink: "digest", now: f.clock.now(), limit: 10)
            #expect(begun.count == 2 && Set(begun.compactMap(\.firstAttempt)).count == 1 && begun.allSatisfy { $0.firstAttempt != nil },
                    "\(begun)")
            receiver.release()
            #expect(try await first.value == 2)

            // Stopped after sending the next digest: its two alerts stamped, never marked; one more raised since.
            receiver.set(.accept)
            try f.enqueue([records[2], records[3]], sinks: ["digest"])
            try f.store.markDigestBegun(alerts: [records[2].id, records[3].id], sink: "digest", now: f.clock.now())
            f.clock.advance(by: 30)
            try f.enqueue([records[4]], sinks: ["digest"])
            #expect(try await w.drainOnce() == 2)
            let again = try #require(receiver.requests.last)
            let json = try #require(try JSONSerialization.jsonObject(with: again.body) as? [String: Any])
            #expect((json["alerts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [records[2].id, records[3].id])
            #expect(again.header("Idempotency-Key") == "digest-" + StableHash.crockford128([records[2].id, records[3].id].sorted().joined(separator: ",")))
            f.clock.advance(by: 60)
            #expect(try await w.drainOnce() == 1)
            #expect(try f.store.deliveryCounts() == DeliveryCounts(delivered: 5))
        }
    }
}
