import Delivery
import Foundation
import Store
import Testing
import TestSupport
import WirewatchCore

/// An alert log pointed at an SQLite file (the store's path copied into a sink's `path`) refuses to open:
/// appending JSON to the database and cutting it back to its last newline as a torn line destroyed the
/// store, while the daemon ran on, "ready" (trial finding 28).
@Suite struct AlertLogOnADatabaseTests {
    let dir: TemporaryDirectory
    init() throws { dir = try TemporaryDirectory("log-on-db") }

    func refuses(_ path: String, saying kind: String) async throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let sink = AlertLogSink(id: "alert-log", path: path)
        do {
            try await sink.open()
            Issue.record("opened \(path)")
        } catch {
            #expect("\(error)" == "alert log \(path) is \(kind), not an alert log (the store's path?); give the alert-log sink a file of its own")
        }
        let outcome = await sink.deliver(OutboxFixture.record("A1", rule: "r", severity: .high, title: "T", time: Date()))
        guard case .retry = outcome else { Issue.record("delivered into \(path): \(outcome)"); return }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func theStoresFileIsLeftAlone() async throws {
        let path = dir.url.appendingPathComponent("state.sqlite").path
        _ = try SQLiteStore(path: path)
        try await refuses(path, saying: "an SQLite database")
        #expect(try SQLiteStore.existing(path: path, readOnly: true).allFeedStates().isEmpty)
    }

    @Test func aWriteAheadLogIsLeftAlone() async throws {
        let path = dir.url.appendingPathComponent("state.sqlite-wal").path
        try Data([0x37, 0x7f, 0x06, 0x82, 0, 0x2d, 0xe2, 0x18] + [UInt8](repeating: 7, count: 40)).write(to: URL(fileURLWithPath: path))
        try await refuses(path, saying: "an SQLite write-ahead log")
    }
}
