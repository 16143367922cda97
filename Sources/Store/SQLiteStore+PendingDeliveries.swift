import GRDB

/// How many deliveries wait, for systemd's status line, which is made after every poll.
extension SQLiteStore {
    /// Read through the `(state, sink)` index: the cost is the pending deliveries, not every
    /// delivery kept (90 days of them by default), as counting all states is.
    public func pendingDeliveries() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: Self.pendingCount) ?? 0 }
    }

    static let pendingCount = "SELECT COUNT(*) FROM delivery WHERE state = 'pending'"
}
