import Foundation
import PostgresNIO

/// Claimed deliveries a daemon will not send are handed back at once: left to run out, its claims would
/// hold them back for the claim lease (up to 1530 s), from its own restart too, whose owner id differs.
/// So at a graceful stop (all of them), and when a pause stops a batch (those it did not start).
extension PostgresStore {
    /// Frees this store's claims on the deliveries still pending; returns how many.
    @discardableResult
    public func releaseClaims() throws -> Int {
        try connections.withSession { s in
            try s.run("""
                UPDATE delivery SET claimed_by = NULL, claimed_until = NULL
                WHERE claimed_by = \(owner) AND state = 'pending'
                """)
        }
    }

    /// The deliveries of a batch a pause stopped before they started: the pause is saved by then, so no
    /// daemon takes them before it ends, and when it ends any daemon may, not only this one once its
    /// claims run out (up to the claim lease). No attempt is counted for them.
    public func releaseClaims(alerts: [String], sink: String) throws {
        guard !alerts.isEmpty else { return }
        try connections.withSession { s in
            try s.run("""
                UPDATE delivery SET claimed_by = NULL, claimed_until = NULL
                WHERE sink = \(sink) AND alert = ANY(\(alerts)) AND claimed_by = \(owner) AND state = 'pending'
                """)
        }
    }
}
