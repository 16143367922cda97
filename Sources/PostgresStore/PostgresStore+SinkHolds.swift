import Foundation
import PostgresNIO
import Store

/// Sink holds (SQLiteStore+SinkHolds.swift). Shared: a hold one daemon saves, every daemon honours.
extension PostgresStore {
    public func sinkHold(sink: String, now: Date) throws -> SinkHold? {
        try connections.withSession { s in
            try s.rows("SELECT sink, until, reason, receiver FROM sink_hold WHERE sink = \(sink) AND until > \(now)").first.map(Self.sinkHold)
        }
    }

    public func sinkHolds(now: Date) throws -> [SinkHold] {
        try connections.withSession { s in
            try s.rows("SELECT sink, until, reason, receiver FROM sink_hold WHERE until > \(now) ORDER BY sink").map(Self.sinkHold)
        }
    }

    /// Idempotent (the longer hold wins), so the pool may run it again after a lost connection.
    public func save(_ hold: SinkHold) throws {
        try connections.withSession { s in
            try s.run("""
                INSERT INTO sink_hold (sink, until, reason, receiver) VALUES (\(hold.sink), \(hold.until), \(hold.reason), \(hold.receiver))
                ON CONFLICT (sink) DO UPDATE SET until = excluded.until, reason = excluded.reason, receiver = excluded.receiver
                WHERE excluded.until > sink_hold.until
                """)
        }
    }

    /// In a transaction (the pool must not run it again after a lost connection: it would find no hold
    /// and say so): a daemon reads the hold gone and the sink's deliveries due together.
    public func liftHold(sink: String, now: Date) throws -> LiftedSinkHold? {
        try lift(sink: sink, now: now, if: { _ in true })
    }

    /// The row is locked while it is compared (`FOR UPDATE`), so no daemon saves over it between the
    /// comparison and the delete; compared as read back, not as a date sent again (microseconds round).
    public func liftHold(_ read: SinkHold, now: Date) throws -> LiftedSinkHold? {
        try lift(sink: read.sink, now: now, if: { $0.until == read.until && $0.receiver == read.receiver })
    }

    private func lift(sink: String, now: Date, if still: (SinkHold) -> Bool) throws -> LiftedSinkHold? {
        try connections.transaction { s in
            let row = try s.rows("SELECT sink, until, reason, receiver FROM sink_hold WHERE sink = \(sink) FOR UPDATE").first.map(Self.sinkHold)
            guard let hold = row, still(hold) else { return nil }
            try s.run("DELETE FROM sink_hold WHERE sink = \(sink)")
            guard hold.until > now else { return nil }
            let due = try s.run("""
                UPDATE delivery SET next_attempt = \(now) WHERE sink = \(sink) AND state = 'pending' AND next_attempt > \(now)
                """)
            return LiftedSinkHold(hold: hold, due: due)
        }
    }

    private static func sinkHold(_ row: PostgresRandomAccessRow) throws -> SinkHold {
        SinkHold(sink: try row.get("sink"), until: try row.get("until"), reason: try row.get("reason"),
                 receiver: try row.get("receiver", as: String?.self))
    }
}
