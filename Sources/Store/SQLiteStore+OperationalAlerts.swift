import Foundation
import GRDB
import WirewatchCore

/// Alerts the daemon raises about itself (a broken feed), which no article carries.
public protocol OperationalAlertStore: Sendable {
    /// Enters `alert` into the outbox with one pending delivery per sink;
    /// false when an alert with its id exists already.
    @discardableResult
    func raise(_ alert: OutboxAlert, now: Date) throws -> Bool
}

extension SQLiteStore: OperationalAlertStore {
    @discardableResult
    public func raise(_ alert: OutboxAlert, now: Date) throws -> Bool {
        try db.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO alert (id, rule, story, created, record) VALUES (?, ?, ?, ?, ?)",
                           arguments: [alert.record.id, alert.record.rule, alert.record.story, now, try alert.record.jsonLine()])
            guard db.changesCount > 0 else { return false }
            for sink in alert.sinks {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO delivery (alert, sink, state, attempts, next_attempt, queued_at)
                    VALUES (?, ?, 'pending', 0, ?, ?)
                    """, arguments: [alert.record.id, sink, now, now])
            }
            return true
        }
    }
}
