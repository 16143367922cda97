import Foundation
import GRDB
import WirewatchCore

/// The embedded store: one SQLite file in WAL mode.
public final class SQLiteStore: WirewatchStore, @unchecked Sendable {
    let db: StoreDatabase
    /// The file the daemon opened (device and inode), which its path must go on naming (`probe`).
    private(set) var opened: (device: UInt64, inode: UInt64)?

    /// Opens (creating if needed) the store at `path`; ":memory:" for a throwaway one.
    public convenience init(path: String) throws {
        let db: any DatabaseWriter
        if path == ":memory:" {
            db = try DatabaseQueue()
        } else {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            // Before anything opens it to write: a file that is not a usable store is refused untouched.
            _ = try StoreFileCheck.check(path: path)
            var config = Configuration()
            config.busyMode = .timeout(10)
            // Takes effect only in a new file (before WAL mode and the first table): retention can
            // then give freed pages back with `PRAGMA incremental_vacuum`. An older store reuses them.
            config.prepareDatabase { db in
                if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
            }
            db = try DatabasePool(path: path, configuration: config)
        }
        try StoreSchema.migrator.migrate(db)
        self.init(db: StoreDatabase(db))
        opened = Self.identity(path)
    }

    /// The device and inode of the file at `path` (links followed), or nil when there is none.
    static func identity(_ path: String) -> (device: UInt64, inode: UInt64)? {
        var st = stat()
        return path != ":memory:" && stat(path, &st) == 0 ? (UInt64(st.st_dev), UInt64(st.st_ino)) : nil
    }

    init(db: StoreDatabase) {
        self.db = db
    }

    /// Opens the existing store at `path` for a tool beside the daemon, read-only
    /// or (`deliver retry`) read-write, but never created or migrated: a store an
    /// older wirewatch wrote, or none yet, is refused, as is a file that is not a usable
    /// store (`BrokenStore`). Read-only by a user who may not write beside the store,
    /// see `ReadOnlyStoreFile`.
    public static func existing(path: String, readOnly: Bool) throws -> SQLiteStore {
        try existing(path: path, readOnly: readOnly, mayWriteBeside: nil)
    }

    /// `mayWriteBeside`: whether this user may create files beside the store, nil to ask the system.
    static func existing(path: String, readOnly: Bool, mayWriteBeside: Bool?) throws -> SQLiteStore {
        // Taken before the look for a `-wal`: the immutable reads are checked against it (`SteadyFileReads`).
        let snapshot = StoreFileSnapshot(path)
        let immutable = readOnly && snapshot != nil && ReadOnlyStoreFile.unused(path, mayWriteBeside: mayWriteBeside)
        let applied: [String]?
        do {
            applied = try StoreFileCheck.check(path: path, immutable: immutable)
        } catch let error as DatabaseError where readOnly {
            if let refusal = ReadOnlyStoreFile.refusal(error, path: path) { throw refusal }
            throw error
        }
        guard let applied else { throw OutdatedStore(path: path, empty: true) }
        guard StoreSchema.migrator.migrations.allSatisfy(applied.contains) else { throw OutdatedStore(path: path) }
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        if immutable, let snapshot {
            let queue = try DatabaseQueue(path: ReadOnlyStoreFile.immutableURI(path), configuration: config)
            // A daemon that started during the check: its schema is read again through the daemon's `-wal`.
            guard snapshot.holds(path) else { return try existing(path: path, readOnly: readOnly, mayWriteBeside: mayWriteBeside) }
            let steady = SteadyFileReads(path: path, reader: queue, snapshot: snapshot, configuration: config, mayWriteBeside: mayWriteBeside)
            return SQLiteStore(db: StoreDatabase(queue, steady: steady))
        }
        return SQLiteStore(db: StoreDatabase(try DatabasePool(path: path, configuration: config)))
    }

    /// A store whose schema is older than this wirewatch's, or a file with no store in it yet.
    public struct OutdatedStore: StoreRefusal {
        public var path: String
        /// No table at all: a new file, or one the daemon is creating.
        public var empty = false
        public var description: String {
            empty ? "\(path): no wirewatch store in this file yet; 'wirewatch run' creates it when it first starts"
                : "\(path): written by an older wirewatch; start the daemon once to upgrade the store, then try again"
        }
    }

    public func feedState(_ feed: FeedID) throws -> FeedState? {
        try db.read { db in try FeedStateRow.fetchOne(db, key: feed.rawValue)?.state }
    }

    public func allFeedStates() throws -> [FeedState] {
        try db.read { db in try FeedStateRow.order(Column("feed")).fetchAll(db).map(\.state) }
    }

    public func save(_ state: FeedState) throws {
        try db.write { db in try Self.upsert(state, db) }
    }

    /// articles_seen is counted by `commit`; a state saved after a fetch must not reset it.
    static func upsert(_ state: FeedState, _ db: Database) throws {
            try db.execute(sql: """
                INSERT INTO feed_state (feed, url, etag, last_modified, last_fetch, last_outcome, last_error, error_streak, next_poll,
                                        unjudged_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(feed) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
                    last_fetch = excluded.last_fetch, last_outcome = excluded.last_outcome, last_error = excluded.last_error,
                    error_streak = excluded.error_streak, next_poll = excluded.next_poll, unjudged_since = excluded.unjudged_since
                """, arguments: [state.feed.rawValue, state.url, state.etag, state.lastModified, state.lastFetch,
                                 state.lastOutcome, state.lastError, state.errorStreak, state.nextPoll, state.unjudgedSince])
    }
}
