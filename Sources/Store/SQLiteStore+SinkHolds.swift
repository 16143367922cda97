import Foundation
import GRDB

/// Sink holds (SinkHold.swift), one row per sink.
extension SQLiteStore {
    public func sinkHold(sink: String, now: Date) throws -> SinkHold? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT sink, until, reason, receiver FROM sink_hold WHERE sink = ? AND until > ?", arguments: [sink, now])
                .map(Self.sinkHold)
        }
    }

    public func sinkHolds(now: Date) throws -> [SinkHold] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT sink, until, reason, receiver FROM sink_hold WHERE until > ? ORDER BY sink", arguments: [now])
                .map(Self.sinkHold)
        }
    }

    /// A shorter hold never cuts a longer one short: an attempt in flight when the first answer came may answer later with less.
    public func save(_ hold: SinkHold) throws {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO sink_hold (sink, until, reason, receiver) VALUES (?, ?, ?, ?)
                ON CONFLICT(sink) DO UPDATE SET until = excluded.until, reason = excluded.reason, receiver = excluded.receiver
                WHERE excluded.until > sink_hold.until
                """, arguments: [hold.sink, hold.until, hold.reason, hold.receiver])
        }
    }

    /// One transaction, so a daemon reading the queue sees the hold gone and its deliveries due together.
    public func liftHold(sink: String, now: Date) throws -> LiftedSinkHold? {
        try db.write { db in try Self.lift(sink: sink, now: now, in: db, if: { _ in true }) }
    }

    /// The hold is compared as read back from its row, not as a date written again: a date does not always
    /// come back from the store equal to the one it was read as.
    public func liftHold(_ read: SinkHold, now: Date) throws -> LiftedSinkHold? {
        try db.write { db in try Self.lift(sink: read.sink, now: now, in: db, if: { $0.until == read.until && $0.receiver == read.receiver }) }
    }

    private static func lift(sink: String, now: Date, in db: Database, if still: (SinkHold) -> Bool) throws -> LiftedSinkHold? {
        let hold = try Row.fetchOne(db, sql: "SELECT sink, until, reason, receiver FROM sink_hold WHERE sink = ?", arguments: [sink])
            .map(Self.sinkHold)
        guard let hold, still(hold) else { return nil }
        try db.execute(sql: "DELETE FROM sink_hold WHERE sink = ?", arguments: [sink])
        guard hold.until > now else { return nil }
        try db.execute(sql: "UPDATE delivery SET next_attempt = ? WHERE sink = ? AND state = 'pending' AND next_attempt > ?",
                       arguments: [now, sink, now])
        return LiftedSinkHold(hold: hold, due: db.changesCount)
    }

    private static func sinkHold(_ row: Row) -> SinkHold { SinkHold(sink: row["sink"], until: row["until"], reason: row["reason"], receiver: row["receiver"]) }
}
