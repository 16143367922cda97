import Foundation
import PostgresNIO
import Store

/// Alerts the daemon raises about itself (SQLiteStore+OperationalAlerts.swift). Two daemons raising
/// the same alert id enter it once: the second finds it known.
extension PostgresStore: OperationalAlertStore {
    @discardableResult
    public func raise(_ alert: OutboxAlert, now: Date) throws -> Bool {
        try connections.transaction { try Self.enqueue(alert, $0, now: now) }
    }
}
