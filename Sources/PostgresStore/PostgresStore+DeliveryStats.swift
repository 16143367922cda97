import Foundation
import PostgresNIO
import Store

/// Delivery counts per sink, read from the outbox, for metrics (SQLiteStore+DeliveryStats.swift).
extension PostgresStore: DeliveryStatsStore {
    public func deliveryStats() throws -> [SinkDeliveryStats] {
        try connections.withSession { s in
            var bySink: [String: SinkDeliveryStats] = [:]
            for row in try s.rows("""
                SELECT sink, state, COUNT(*) AS n, COALESCE(SUM(attempts), 0)::bigint AS attempts FROM delivery GROUP BY sink, state
                """) {
                let sink: String = try row.get("sink")
                var stats = bySink[sink] ?? SinkDeliveryStats(sink: sink)
                let n: Int = try row.get("n")
                let attempts: Int = try row.get("attempts")
                stats.attempts += attempts
                switch try row.get("state", as: String.self) {
                case "pending": stats.pending += n; stats.failures += attempts
                case "delivered": stats.delivered += n; stats.failures += attempts - n
                default: stats.dead += n; stats.failures += attempts
                }
                bySink[sink] = stats
            }
            return bySink.values.sorted { $0.sink < $1.sink }
        }
    }
}
