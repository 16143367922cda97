import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// The roll call (DaemonPresence.swift): a row per daemon in `daemon_presence`, its `heard` moved on at each heartbeat.
extension PostgresStore: DaemonPresence {
    /// A row not heard from for this long is deleted by whichever daemon beats next: a crashed daemon's
    /// row stays a day for a DBA to see, then goes.
    static let forgetPresenceAfter: TimeInterval = 86_400

    public func heartbeat(now: Date, liveSince: Date) throws -> [String] {
        try connections.withSession { s in
            try s.run("""
                INSERT INTO daemon_presence (owner, started, heard) VALUES (\(owner), \(now), \(now))
                ON CONFLICT (owner) DO UPDATE SET heard = excluded.heard
                """)
            try s.run("DELETE FROM daemon_presence WHERE heard < \(now.addingTimeInterval(-Self.forgetPresenceAfter))")
            return try s.rows("SELECT owner FROM daemon_presence WHERE heard >= \(liveSince) ORDER BY owner")
                .map { try $0.get("owner", as: String.self) }
        }
    }

    public func leave() throws {
        try connections.withSession { s in
            try s.run("DELETE FROM daemon_presence WHERE owner = \(owner)")
        }
    }
}
