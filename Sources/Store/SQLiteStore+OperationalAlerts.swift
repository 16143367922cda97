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
        try db.write { try Self.enqueue(alert, now: now, $0) }
    }
}
