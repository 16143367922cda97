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

    /// Pending, delivered and dead deliveries of one sink.
    static func deliveries(_ path: String, sink: String) throws -> SinkDeliveryStats {
        let store = try SQLiteStore(path: path)
        return try store.deliveryStats().first { $0.sink == sink } ?? SinkDeliveryStats(sink: sink)
    }
}
