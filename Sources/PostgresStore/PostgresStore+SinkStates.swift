import Foundation
import PostgresNIO
import Store

/// What each daemon said of its sinks (SinkRunState.swift): a row per (sink, daemon).
extension PostgresStore: SinkStateStore {
    /// In a transaction: a reader sees the daemon's old word or its new one, never none. The rows of daemons
    /// no longer in the roll call go too (a crashed daemon's stay until its roll-call row is forgotten).
    public func recordSinkStates(_ states: [SinkRunState], daemon: String) throws {
        try connections.transaction { s in
            try s.run("""
                DELETE FROM sink_state WHERE daemon = \(daemon) OR daemon NOT IN (SELECT owner FROM daemon_presence)
                """)
            for state in states {
                try s.run("""
                    INSERT INTO sink_state (sink, daemon, running, reason, since)
                    VALUES (\(state.sink), \(daemon), \(state.running), \(state.reason), \(state.since))
                    """)
            }
        }
    }

    public func sinkStates() throws -> [SinkRunState] {
        try connections.withSession { s in
            try s.rows("SELECT sink, daemon, running, reason, since FROM sink_state ORDER BY sink, daemon").map {
                SinkRunState(sink: try $0.get("sink"), daemon: try $0.get("daemon"), running: try $0.get("running"),
                             reason: try $0.get("reason", as: String?.self), since: try $0.get("since"))
            }
        }
    }
}
