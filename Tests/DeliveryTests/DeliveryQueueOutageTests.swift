import Delivery
import Foundation
import GRDB
import Logging
import Store
import Testing
import TestSupport
import WirewatchCore

/// While the store does not answer, a sink's worker tries again every second: it said so at error every
/// second, per sink (147 lines in 48 s of a PostgreSQL outage with three sinks), and never said when the
/// store answered again (trial finding 27). Once now, at error, and once at its return; each retry at debug.
@Suite struct DeliveryQueueOutageTests {
    @Test func aStoreThatStopsAnsweringIsSaidOnceAndItsReturnOnce() async throws {
        let dir = try makeTemporaryDirectory("outage")
        let path = dir.appendingPathComponent("state.sqlite").path
        let store = try SQLiteStore(path: path)
        let lines = LogCapture()
        let logger = Logger(label: "test") { _ in lines }
        let sink = AlertLogSink(id: "log", path: dir.appendingPathComponent("alerts.jsonl").path)
        try await sink.start()
        let worker = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(), clock: SystemClock(), doorbell: Doorbell(), logger: logger)
        // The table the worker reads first taken away, as a database that stops answering is to it.
        let database = try DatabaseQueue(path: path)
        try await database.write { try $0.execute(sql: "ALTER TABLE sink_hold RENAME TO sink_hold_away") }

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            #expect(await eventually { lines.count("delivery queue still unreadable") >= 2 }, "\(lines.all)")
            try? await database.write { try $0.execute(sql: "ALTER TABLE sink_hold_away RENAME TO sink_hold") }
            #expect(await eventually { lines.contains("delivery queue readable again") }, "\(lines.all)")
            group.cancelAll()
        }
        #expect(lines.count("delivery queue unreadable") == 1, "\(lines.all)")
        await sink.stop()
    }
}
