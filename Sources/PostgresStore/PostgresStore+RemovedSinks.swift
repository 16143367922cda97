import Foundation
import PostgresNIO

/// Deliveries whose sink left the config, dead-lettered (SQLiteStore+RemovedSinks.swift). A daemon on
/// a shared store does not call this (another daemon may have the sink: DeliveryCrew only counts them);
/// `deliver dead-letter --sink` gives one sink up by name (PostgresStore+GiveUpSink.swift).
extension PostgresStore {
    /// Dead-letters the pending deliveries of every sink not in `configured`; returns how many, per sink.
    @discardableResult
    public func deadLetterPending(exceptSinks configured: Set<String>, now: Date) throws -> [String: Int] {
        try connections.transaction { s in
            var removed: [String: Int] = [:]
            for row in try s.rows("SELECT DISTINCT sink FROM delivery WHERE state = 'pending'") {
                let sink: String = try row.get("sink")
                guard !configured.contains(sink) else { continue }
                let reason = "sink '\(sink)' is no longer in the config"
                removed[sink] = try s.run("""
                    UPDATE delivery SET state = 'dead', dead_at = \(now), last_error = \(reason),
                           claimed_by = NULL, claimed_until = NULL, next_attempt = 'infinity'
                    WHERE state = 'pending' AND sink = \(sink)
                    """)
            }
            return removed
        }
    }
}
