import Foundation
import PostgresNIO

/// How many deliveries wait, for systemd's status line (SQLiteStore+PendingDeliveries.swift); read
/// through the partial index of pending deliveries.
extension PostgresStore {
    public func pendingDeliveries() throws -> Int {
        try connections.withSession { s in
            try s.rows("SELECT COUNT(*) AS n FROM delivery WHERE state = 'pending'").first?.get("n", as: Int.self) ?? 0
        }
    }
}
