import Foundation
import Store
import Synchronization
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// A start whose read of the stored schedules fails polls every feed at once, as it always did; under
/// `backlog: skip` it must not take every feed as listed for the first time, or what was published while
/// the daemon was down is stored without alerts (review of schedule, finding 5).
@Suite struct UnreadSchedulesTests {
    /// The SQLite store, whose schedules cannot be read.
    struct SchedulesUnreadable: PollScheduler.ScheduleStore {
        struct ReadFailed: Error {}
        let store: SQLiteStore
        func feedSchedules() throws -> [FeedID: FeedSchedule] { throw ReadFailed() }
        func save(_ schedule: FeedSchedule) throws { try store.save(schedule) }
        func advance(_ polls: [PollAdvance]) throws { try store.advance(polls) }
        func hostHolds(now: Date) throws -> [HostHold] { try store.hostHolds(now: now) }
        func save(_ hold: HostHold) throws { try store.save(hold) }
        func raise(_ alert: OutboxAlert, now: Date) throws -> Bool { try store.raise(alert, now: now) }
    }

    @Test func aFailedScheduleReadTakesNoFeedAsNewUnderBacklogSkip() async throws {
        let server = try await LoopbackHTTPServer { _ in
            .init(headers: [("Content-Type", "application/rss+xml")], text: PollSchedulerTests.rss)
        }
        defer { Task { await server.shutdown() } }
        let alerts = Mutex<[String: Int]>([:])
        let h = try PollSchedulerTests.Harness(config: """
            poll:
              backlog: skip
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 60s }
            """, rules: "rules:\n  - id: weather\n    query: sunny\n",
            scheduleStore: { SchedulesUnreadable(store: $0) },
            onPolled: { report in alerts.withLock { $0[report.feed.rawValue, default: 0] += report.alerts.count } })
        // Judged as the default would: the entry alerts, where taken as a first listing it was stored quietly.
        #expect(await eventually(timeout: 90) { alerts.withLock { $0 } == ["a": 1] })
        // A feed a reload adds is new to the config: its first listing is the backlog `skip` keeps quiet.
        try h.reload(feeds: """
            feeds:
              - { id: a, url: "\(server.baseURL)/a", interval: 60s }
              - { id: b, url: "\(server.baseURL)/b", interval: 60s }
            """)
        #expect(await eventually(timeout: 90) { alerts.withLock { $0 } == ["a": 1, "b": 0] })
        await h.stop()
    }
}
