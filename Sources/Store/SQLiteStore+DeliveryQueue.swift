import Foundation
import GRDB
import WirewatchCore

/// A sink's queue as its worker reads and settles it, a batch at a time.
extension SQLiteStore {
    /// Oldest alert first (`alert.created`, then id), as before `v8-delivery-queue`; see that migration
    /// for the two indexes the two halves read.
    public func dueDeliveries(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
        try db.read { db in
            try Row.fetchAll(db, sql: Self.dueQuery, arguments: ["sink": sink, "now": now, "limit": limit]).map { row in
                PendingDelivery(record: try AlertRecord.decode(line: row["record"]), sink: sink,
                                attempts: row["attempts"], firstAttempt: row["first_attempt"], queuedAt: row["created"])
            }
        }
    }

    /// Never-tried deliveries come in queue order from their index, so the merge stops after `limit`
    /// of them; due retries are sorted, but only their keys. Records are read for the batch alone.
    static let dueQuery = """
        WITH due AS (
            SELECT alert, queued_at FROM delivery
            WHERE sink = :sink AND state = 'pending' AND next_attempt = queued_at AND queued_at <= :now
            UNION ALL
            SELECT alert, queued_at FROM delivery
            WHERE sink = :sink AND state = 'pending' AND next_attempt <> queued_at AND next_attempt <= :now
            ORDER BY queued_at, alert LIMIT :limit)
        SELECT a.record, a.created, d.attempts, d.first_attempt
        FROM due JOIN delivery d ON d.alert = due.alert AND d.sink = :sink JOIN alert a ON a.id = due.alert
        ORDER BY due.queued_at, due.alert
        """

    /// Enters `alert` with one pending delivery per sink; false when an alert with its id exists already.
    /// The one way into the queue: a delivery is due from when it is queued (`next_attempt = queued_at`),
    /// which puts it in `delivery_fresh`; one queued otherwise would wait in `delivery_retry` instead.
    static func enqueue(_ alert: OutboxAlert, now: Date, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO alert (id, rule, story, created, record) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [alert.record.id, alert.record.rule, alert.record.story, now, try alert.record.jsonLine()])
        guard db.changesCount > 0 else { return false }
        let queue = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO delivery (alert, sink, state, attempts, next_attempt, queued_at)
            VALUES (?, ?, 'pending', 0, ?, ?)
            """)
        for sink in alert.sinks { try queue.execute(arguments: [alert.record.id, sink, now, now]) }
        return true
    }

    /// One daemon has the file, and it claims nothing: what it does not start stays due as it was.
    public func releaseClaims(alerts: [String], sink: String) throws {}

    public func markDelivered(alert: String, sink: String, now: Date) throws {
        try markDelivered(alerts: [alert], sink: sink, now: now)
    }

    public func markDigestBegun(alerts: [String], sink: String, now: Date) throws {
        guard !alerts.isEmpty else { return }
        try db.write { db in
            let mark = try db.cachedStatement(sql: """
                UPDATE delivery SET first_attempt = ? WHERE alert = ? AND sink = ? AND state = 'pending' AND first_attempt IS NULL
                """)
            for alert in alerts { try mark.execute(arguments: [now, alert, sink]) }
        }
    }

    /// One transaction (one WAL sync) for a whole batch, such as a digest's alerts.
    public func markDelivered(alerts: [String], sink: String, now: Date) throws {
        guard !alerts.isEmpty else { return }
        try db.write { db in
            let mark = try db.cachedStatement(sql: """
                UPDATE delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,
                       first_attempt = COALESCE(first_attempt, ?)
                WHERE alert = ? AND sink = ?
                """)
            for alert in alerts { try mark.execute(arguments: [now, now, alert, sink]) }
        }
    }
}
