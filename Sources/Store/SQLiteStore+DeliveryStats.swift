import Foundation
import GRDB
import WirewatchCore

/// Delivery counts per sink, read from the outbox, for metrics.
public struct SinkDeliveryStats: Sendable, Hashable {
    public var sink: String
    public var pending = 0
    public var delivered = 0
    public var dead = 0
    /// Every attempt made, successful or not.
    public var attempts = 0
    /// Attempts that did not deliver.
    public var failures = 0
    public init(sink: String) { self.sink = sink }
}

public protocol DeliveryStatsStore: Sendable {
    func deliveryStats() throws -> [SinkDeliveryStats]
}

extension SQLiteStore: DeliveryStatsStore {
    public func deliveryStats() throws -> [SinkDeliveryStats] {
        try db.read { db in
            var bySink: [String: SinkDeliveryStats] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT sink, state, COUNT(*) AS n, SUM(attempts) AS attempts FROM delivery GROUP BY sink, state
                """) {
                let sink: String = row["sink"]
                var s = bySink[sink] ?? SinkDeliveryStats(sink: sink)
                let n: Int = row["n"]
                let attempts: Int = row["attempts"] ?? 0
                s.attempts += attempts
                switch row["state"] as String {
                case "pending": s.pending += n; s.failures += attempts
                case "delivered": s.delivered += n; s.failures += attempts - n
                default: s.dead += n; s.failures += attempts
                }
                bySink[sink] = s
            }
            return bySink.values.sorted { $0.sink < $1.sink }
        }
    }
}
