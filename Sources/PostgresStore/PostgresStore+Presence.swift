import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// The roll call (DaemonPresence.swift): a row per daemon in `daemon_presence`, its `heard` moved on at each heartbeat.
extension PostgresStore: DaemonPresence {
    /// A row not heard from for this long is deleted by whichever daemon beats next: a crashed daemon's
    /// row stays a day for a DBA to see, then goes (unless a daemon on its machine saw it gone sooner).
    static let forgetPresenceAfter: TimeInterval = 86_400

    public func heartbeat(now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
        // A holder's row deleted between the two statements (it left, or a daemon on its machine saw it gone
        // and forgot it, as at a restart after a crash) leaves the name free: the upsert is tried again.
        for _ in 0..<2 {
            if let roll = try beat(now: now, liveFor: liveFor, process: process) { return roll }
        }
        throw DaemonNameInUse(owner: owner, heardAgo: 0)
    }

    /// One heartbeat; nil when the name's holder was gone by the time it was looked up.
    private func beat(now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow]? {
        try connections.withSession { s in
            // Another process's row is taken over here only once it is no longer live (a restart under a fixed
            // name after a crash); while it is, this process is not that daemon, and is told so (and the
            // caller may see the other process gone: `takeOver`).
            let mine = try s.rows("""
                INSERT INTO daemon_presence (owner, nonce, started, heard, live_until, host, pid, pid_space, pid_start, pid_nonce)
                VALUES (\(owner), \(process.nonce), \(now), \(now), \(now.addingTimeInterval(liveFor)),
                        \(process.host), \(process.pid), \(process.pidSpace), \(process.pidStart), \(process.nonce))
                ON CONFLICT (owner) DO UPDATE SET heard = excluded.heard, live_until = excluded.live_until, nonce = excluded.nonce,
                    started = CASE WHEN daemon_presence.nonce = excluded.nonce THEN daemon_presence.started ELSE excluded.started END,
                    host = excluded.host, pid = excluded.pid, pid_space = excluded.pid_space, pid_start = excluded.pid_start,
                    pid_nonce = excluded.pid_nonce
                WHERE daemon_presence.nonce = excluded.nonce OR daemon_presence.live_until < excluded.heard
                RETURNING owner
                """)
            if mine.isEmpty {
                guard let holder = try Self.rows(s, owner: owner).first else { return nil }
                throw DaemonNameInUse(owner: owner, heardAgo: now.timeIntervalSince(holder.heard), holder: holder.process)
            }
            return try Self.rollAfterBeat(s, now: now)
        }
    }

    public func takeOver(from holder: DaemonProcess, now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow] {
        let roll: [DaemonRow]? = try connections.withSession { s in
            // Only the row as the caller saw it: one another restart took over meanwhile is that one's. (Or already
            // this process's: the statement run again after a lost answer.)
            let taken = try s.run("""
                UPDATE daemon_presence SET nonce = \(process.nonce), started = \(now), heard = \(now),
                    live_until = \(now.addingTimeInterval(liveFor)), host = \(process.host), pid = \(process.pid),
                    pid_space = \(process.pidSpace), pid_start = \(process.pidStart), pid_nonce = \(process.nonce)
                WHERE owner = \(owner) AND ((nonce = \(holder.nonce) AND pid_nonce = nonce) OR nonce = \(process.nonce))
                """)
            guard taken == 1 else {
                // Deleted meanwhile (another daemon on the machine forgot it): the name is free, see below.
                guard let row = try Self.rows(s, owner: owner).first else { return nil }
                throw DaemonNameInUse(owner: owner, heardAgo: now.timeIntervalSince(row.heard), holder: row.process)
            }
            return try Self.rollAfterBeat(s, now: now)
        }
        if let roll { return roll }
        return try heartbeat(now: now, liveFor: liveFor, process: process)
    }

    public func forget(_ row: DaemonRow) throws {
        try connections.withSession { s in
            try s.run("DELETE FROM daemon_presence WHERE owner = \(row.owner) AND nonce = \(row.process.nonce)")
        }
    }

    public func roll() throws -> [DaemonRow] {
        try connections.withSession { s in try Self.rows(s) }
    }

    public func leave(_ process: DaemonProcess) throws {
        try connections.withSession { s in
            try s.run("DELETE FROM daemon_presence WHERE owner = \(owner) AND nonce = \(process.nonce)")
        }
    }

    private static func rollAfterBeat(_ s: PostgresSession, now: Date) throws -> [DaemonRow] {
        try s.run("DELETE FROM daemon_presence WHERE heard < \(now.addingTimeInterval(-Self.forgetPresenceAfter))")
        return try rows(s)
    }

    /// The roll call by name, or the one row of `owner`.
    private static func rows(_ s: PostgresSession, owner: String? = nil) throws -> [DaemonRow] {
        try s.rows("""
            SELECT owner, nonce, started, heard, live_until, host, pid, pid_space, pid_start, pid_nonce FROM daemon_presence
            WHERE \(owner)::text IS NULL OR owner = \(owner) ORDER BY owner
            """).map { row in
            let nonce = try row.get("nonce", as: String.self)
            var process = DaemonProcess(nonce: nonce)
            // Written by this nonce's process; else by a wirewatch that predates these columns, and they name nobody.
            if try row.get("pid_nonce", as: String?.self) == nonce {
                process = DaemonProcess(nonce: nonce, host: try row.get("host", as: String?.self), pid: try row.get("pid", as: Int32?.self),
                                        pidSpace: try row.get("pid_space", as: String?.self), pidStart: try row.get("pid_start", as: Int64?.self))
            }
            return DaemonRow(owner: try row.get("owner", as: String.self), process: process, started: try row.get("started", as: Date.self),
                             heard: try row.get("heard", as: Date.self), liveUntil: try row.get("live_until", as: Date.self))
        }
    }
}
