import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// The roll call (DaemonPresence.swift): a row per daemon in `daemon_presence`, its `heard` moved on at each heartbeat.
extension PostgresStore: DaemonPresence {
    /// A row not heard from for this long is deleted by whichever daemon beats next: a crashed daemon's
    /// row stays a day for a DBA to see, then goes.
    static let forgetPresenceAfter: TimeInterval = 86_400

    public func heartbeat(now: Date, liveFor: TimeInterval, nonce: String) throws -> [String] {
        try connections.withSession { s in
            // Another process's row is taken over only once it is no longer live (a restart under a fixed
            // name after a crash); while it is, this process is not that daemon, and is told so.
            let mine = try s.rows("""
                INSERT INTO daemon_presence (owner, nonce, started, heard, live_until)
                VALUES (\(owner), \(nonce), \(now), \(now), \(now.addingTimeInterval(liveFor)))
                ON CONFLICT (owner) DO UPDATE SET heard = excluded.heard, live_until = excluded.live_until, nonce = excluded.nonce,
                    started = CASE WHEN daemon_presence.nonce = excluded.nonce THEN daemon_presence.started ELSE excluded.started END
                WHERE daemon_presence.nonce = excluded.nonce OR daemon_presence.live_until < excluded.heard
                RETURNING owner
                """)
            if mine.isEmpty {
                let heard = try s.rows("SELECT heard FROM daemon_presence WHERE owner = \(owner)").first?.get("heard", as: Date.self)
                throw DaemonNameInUse(owner: owner, heardAgo: heard.map { now.timeIntervalSince($0) } ?? 0)
            }
            try s.run("DELETE FROM daemon_presence WHERE heard < \(now.addingTimeInterval(-Self.forgetPresenceAfter))")
            return try s.rows("SELECT owner FROM daemon_presence WHERE live_until >= \(now) ORDER BY owner")
                .map { try $0.get("owner", as: String.self) }
        }
    }

    public func leave() throws {
        try connections.withSession { s in
            try s.run("DELETE FROM daemon_presence WHERE owner = \(owner)")
        }
    }
}
