import Foundation
import GRDB

/// Giving the space of pruned rows back. Deleted rows leave free pages that new rows
/// reuse, so a pruned store stops growing; a store made by this version (auto_vacuum =
/// incremental) can also hand them back to the file system, a few at a time.
extension SQLiteStore {
    public struct SpaceReport: Sendable, Hashable {
        public var pageSize: Int
        public var pages: Int
        public var freePages: Int
        /// True when free pages can be handed back (`PRAGMA auto_vacuum` is incremental).
        public var reclaimable: Bool
        public var bytes: Int { pageSize * pages }
    }

    public func space() throws -> SpaceReport {
        try db.read { db in
            SpaceReport(pageSize: try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096,
                        pages: try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                        freePages: try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                        reclaimable: try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2)
        }
    }

    /// Hands at most `pages` free pages back, in one write transaction; returns how long it held the lock.
    public func reclaim(pages: Int) throws -> Duration {
        try db.writeWithoutTransaction { db in
            let start = ContinuousClock.now
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(1, pages)))")
            return start.duration(to: .now)
        }
    }

    /// Copies the write-ahead log into the database and truncates it, then lets SQLite
    /// refresh the statistics its planner uses (cheap: only where they are stale).
    public func checkpointAndOptimize() throws {
        try db.writeWithoutTransaction { db in
            _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA optimize")
        }
    }
}
