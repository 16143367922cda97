import Foundation
import PostgresNIO
import Store

/// Alerts the daemon raises about itself (SQLiteStore+OperationalAlerts.swift). Two daemons raising
/// the same alert id enter it once: the second finds it known.
extension PostgresStore: OperationalAlertStore {
    @discardableResult
    public func raise(_ alert: OutboxAlert, now: Date) throws -> Bool {
        // No admission lock: nothing here reads the story registry or throttle, and the insert's
        // ON CONFLICT DO NOTHING settles two daemons raising one id at once.
        try connections.transaction { s in try Self.enqueue(alert, s, now: now) }
    }
}
