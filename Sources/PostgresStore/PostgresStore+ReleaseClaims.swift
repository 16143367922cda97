import Foundation
import PostgresNIO

/// A daemon that stops gracefully hands its unsent deliveries back at once: left to run out, its claims
/// would hold them back for the claim lease (up to 1530 s), from its own restart too, whose owner id differs.
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
}
