import Foundation
import PostgresNIO
import Store

/// Alerts the daemon raises about itself (SQLiteStore+OperationalAlerts.swift). Two daemons raising
/// the same alert id enter it once: the second finds it known.
extension PostgresStore: OperationalAlertStore {
    @discardableResult
    public func raise(_ alert: OutboxAlert, now: Date) throws -> Bool {
        try connections.transaction { s in
            try s.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.admissionLock))")
            return try Self.enqueue(alert, s, now: now)
        }
    }
}
