import Testing
@testable import Daemon

/// The sweep after a poll with alerts, on a real store: it dead-letters only when the poll
/// queued for a sink gone from the config as the crew reads it then, and spares a sink a
/// later reload put back.
@Suite struct RemovedSinkSweepTests {
    static let log = SinkConfig(id: "log", kind: .alertLog(path: "/nonexistent/alerts.jsonl"))
    static let hook = SinkConfig(id: "hook", kind: .alertLog(path: "/nonexistent/hook.jsonl"))

    @Test func theSweepRunsOnlyForAPollThatQueuedForAGoneSinkAndReadsTheConfigOnTheCrew() async throws {
        let site = try CrewOnAStore("sweep")
        // Pending for both sinks, as a poll on a config with both leaves them.
        try site.queueAlert("a1", sinks: ["log", "hook"])

        // The hook is gone, but this poll queued for the log only: no sweep (the hook's removal is its reload's to settle).
        await site.crew.deadLetterForRemovedSinks(queuedFor: ["log"]) { [Self.log] }
        #expect(try site.store.deadLetters(limit: 10).isEmpty)
        // A poll that queued for the hook, while a reload has put it back: its deliveries stay pending.
        await site.crew.deadLetterForRemovedSinks(queuedFor: ["log", "hook"]) { [Self.log, Self.hook] }
        #expect(try site.store.deadLetters(limit: 10).isEmpty)
        #expect(try site.store.deliveryCounts().pending == 2)
        // The same poll with the hook gone: its delivery is dead-lettered, the log's stays pending.
        await site.crew.deadLetterForRemovedSinks(queuedFor: ["log", "hook"]) { [Self.log] }
        #expect(try site.store.deadLetters(limit: 10).map(\.sink) == ["hook"])
        #expect(try site.store.deliveryCounts().pending == 1)
    }
}
