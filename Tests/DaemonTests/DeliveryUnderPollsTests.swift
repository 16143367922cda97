import Foundation
import Testing
@testable import Daemon

/// The crew's workers deliver while polls hold every thread of the cooperative pool. At 20,000
/// feeds a worker at the polls' priority waited behind their parsing, analysis and blocking commits
/// at each await, and alerts reached the log half a minute late, in a rush once the polls were done.
@Suite struct DeliveryUnderPollsTests {
    @Test func anAlertReachesTheLogWhilePollsHoldEveryThread() async throws {
        let site = try CrewOnAStore("under-polls")
        let logPath = site.dir.url.appendingPathComponent("alerts.jsonl").path
        try await site.crew.start([SinkConfig(id: "log", kind: .alertLog(path: logPath))])
        await site.crew.launchStarted()

        let logged: @Sendable () -> Bool = {
            (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("\"a1\"") == true
        }
        // Stand-ins for a burst of polls, at the polls' priority (.medium, whatever the test runs at): each holds its thread
        // (as a commit or an analysis does) until the alert is in the log, or until the deadline. Twice as
        // many as the pool has threads, so the ones not running yet are queued ahead of the worker's next turn.
        let deadline = Date().addingTimeInterval(30)
        let polls = (0..<2 * ProcessInfo.processInfo.activeProcessorCount).map { _ in
            Task(priority: .medium) { () -> Bool in
                while !logged() && Date() < deadline { usleep(5_000) }
                return logged()
            }
        }
        // Queued after the polls took the pool (the worker polls the outbox each second, doorbell or not).
        try site.queueAlert("a1", sinks: ["log"])
        var seenWhileHeld: [Bool] = []
        for poll in polls { seenWhileHeld.append(await poll.value) }
        await site.crew.stopAll()
        #expect(seenWhileHeld.allSatisfy { $0 }, "the alert reached the log only once the polls let go of the pool")
    }
}
