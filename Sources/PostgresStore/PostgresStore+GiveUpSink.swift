import Foundation
import PostgresNIO

/// `deliver dead-letter --sink`: one sink's pending deliveries given up, by name, in one statement, so a
/// sink added meanwhile (its first delivery queued after the command looked) is never swept along. A
/// delivery a live daemon has claimed is left to it: that daemon has the sink after all.
extension PostgresStore {
    public func deadLetterPending(sink: String, now: Date) throws -> Int {
        try connections.withSession { s in
            try s.run("""
                UPDATE delivery SET state = 'dead', dead_at = \(now), last_error = \("sink '\(sink)' is no longer in the config"),
                       claimed_by = NULL, claimed_until = NULL, next_attempt = 'infinity'
                WHERE state = 'pending' AND sink = \(sink) AND (claimed_until IS NULL OR claimed_until <= \(now))
                """)
        }
    }
}
