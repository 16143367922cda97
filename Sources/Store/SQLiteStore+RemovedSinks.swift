import Foundation
import GRDB

/// Deliveries whose sink left the config. No worker ever claims them, so, left
/// pending, they would hold the outbox depth above zero for ever, with nothing
/// said. Dead-lettered, they are visible in `wirewatch deliver list --dead` with
/// the reason, and `deliver retry` queues them again once the sink is back.
/// Their alerts still stay past retention, as any alert with a delivery not
/// delivered does, until the dead letter is handled.
extension SQLiteStore {
    /// Dead-letters the pending deliveries of every sink not in `configured`; returns how many, per sink.
    @discardableResult
    public func deadLetterPending(exceptSinks configured: Set<String>, now: Date) throws -> [String: Int] {
        try db.write { db in
            var removed: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sink, COUNT(*) AS n FROM delivery WHERE state = 'pending' GROUP BY sink") {
                let sink: String = row["sink"]
                guard !configured.contains(sink) else { continue }
                removed[sink] = try Self.deadLetterPending(sink: sink, now: now, db)
            }
            return removed
        }
    }

    /// `sink`'s pending deliveries alone, named: a sink added meanwhile is never swept along.
    public func deadLetterPending(sink: String, now: Date) throws -> Int {
        try db.write { try Self.deadLetterPending(sink: sink, now: now, $0) }
    }

    private static func deadLetterPending(sink: String, now: Date, _ db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE delivery SET state = 'dead', dead_at = ?, last_error = ?
            WHERE state = 'pending' AND sink = ?
            """, arguments: [now, "sink '\(sink)' is no longer in the config", sink])
        return db.changesCount
    }
}
