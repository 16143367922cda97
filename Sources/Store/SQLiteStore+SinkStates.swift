import Foundation
import GRDB

/// What the daemon said of its sinks (SinkRunState.swift). One daemon uses a file store: its rows replace all.
extension SQLiteStore: SinkStateStore {
    public func recordSinkStates(_ states: [SinkRunState], daemon: String) throws {
        try db.write { db in
            try db.execute(sql: "DELETE FROM sink_state")
            for s in states {
                try db.execute(sql: "INSERT INTO sink_state (sink, daemon, running, reason, since) VALUES (?, ?, ?, ?, ?)",
                               arguments: [s.sink, daemon, s.running, s.reason, s.since])
            }
        }
    }

    public func sinkStates() throws -> [SinkRunState] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT sink, daemon, running, reason, since FROM sink_state ORDER BY sink, daemon").map {
                SinkRunState(sink: $0["sink"], daemon: $0["daemon"], running: $0["running"], reason: $0["reason"], since: $0["since"])
            }
        }
    }
}
