import Foundation
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The watchdog's verdict on a slow poll, on a manual clock: a poll counts as stalled only past
/// the fetch timeout that poll uses (its feed's own, or `poll.timeout` as it was when the poll
/// began) plus the time to analyse and commit, however the config read at the daemon's start.
@Suite struct StalledPollTests {
    static let rss = PollSchedulerTests.rss

    /// Whether the server holds its answers.
    final class Hold: Sendable {
        private let on: Atomic<Bool>
        init(_ on: Bool) { self.on = Atomic(on) }
        func set(_ value: Bool) { on.store(value, ordering: .releasing) }
        var isOn: Bool { on.load(ordering: .acquiring) }
    }

    /// A server that, while `held` is on, sends a long document a little at a time: a poll that stays
    /// in flight (fast enough for libcurl's low-speed limit) until the test stops the scheduler.
    static func server(_ held: Hold) async throws -> LoopbackHTTPServer {
        let long = Data((rss + "<!--" + String(repeating: "x", count: 1 << 20) + "-->").utf8)
        return try await LoopbackHTTPServer { _ in
            let headers = [("Content-Type", "application/rss+xml")]
            guard held.isOn else { return .init(headers: headers, text: rss) }
            return .init(headers: headers, body: long, delivery: .trickle(bytes: 200, every: 0.2))
        }
    }

    /// Advances to `seconds` and waits until, the poll still in flight, the watchdog says `expected`.
    static func verdict(_ h: PollSchedulerTests.Harness, at seconds: TimeInterval, is expected: String?) async -> Bool {
        h.advance(to: seconds)
        return await eventually {
            h.monitor.problem(now: h.clock.now()) == expected && h.monitor.snapshot.health.inFlight.count == 1
        }
    }

    @Test func aFeedsOwnTimeoutAboveTheDefaultIsNotAStall() async throws {
        let held = Hold(true)
        let server = try await Self.server(held)
        defer { Task { await server.shutdown() } }
        let h = try PollSchedulerTests.Harness(config: """
            feeds:
              - { id: slow, url: "\(server.baseURL)/slow", interval: 60s, timeout: 600s }
            poll: { timeout: 10s }
            """)
        #expect(await eventually { server.requests.count == 1 })
        #expect(await Self.verdict(h, at: 400, is: nil))
        #expect(await Self.verdict(h, at: 901, is: "the poll of feed 'slow' has run for 901s"))
        await h.stop()
    }

    @Test func aPollTimeoutRaisedByAReloadIsNotAStall() async throws {
        let held = Hold(false)
        let server = try await Self.server(held)
        defer { Task { await server.shutdown() } }
        let h = try PollSchedulerTests.Harness(config: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 60s }
            poll: { timeout: 10s }
            """)
        #expect(await h.settled(polls: 1, next: 60))
        try h.reload(feeds: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 60s }
            poll: { timeout: 600s }
            """)
        held.set(true)
        h.advance(to: 61)
        #expect(await eventually { server.requests.count == 2 })
        #expect(await Self.verdict(h, at: 61 + 400, is: nil))
        #expect(await Self.verdict(h, at: 61 + 901, is: "the poll of feed 'a' has run for 901s"))
        await h.stop()
    }
}
