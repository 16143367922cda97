import Foundation
import GRDB
import Store

/// What the daemon left in its store, read the way an operator would check it.
enum StoreInspection {
    /// `PRAGMA integrity_check`: "ok", or every problem SQLite found.
    static func integrityCheck(_ path: String) throws -> String {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        return try db.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Pending, delivered and dead deliveries of one sink; read only, so it may look while the daemon runs.
    static func deliveries(_ path: String, sink: String) throws -> SinkDeliveryStats {
        let store = try SQLiteStore.existing(path: path, readOnly: true)
        return try store.deliveryStats().first { $0.sink == sink } ?? SinkDeliveryStats(sink: sink)
    }

    /// "alert state attempts: last error" for each delivery of `sink` not delivered, to say why in a failure.
    static func undelivered(_ path: String, sink: String) throws -> [String] {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        return try db.read {
            try String.fetchAll($0, sql: """
                SELECT alert || ' ' || state || ' ' || attempts || ': ' || IFNULL(last_error, '-') FROM delivery
                WHERE sink = ? AND state <> 'delivered' ORDER BY alert
                """, arguments: [sink])
        }
    }
}
