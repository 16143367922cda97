import GRDB

extension SQLiteStore {
    /// Takes the write lock (`BEGIN IMMEDIATE`, waiting as long as a commit would) and looks that every table
    /// is there, then lets go without writing: a file another process holds locked, or whose tables were
    /// dropped, fails here as the next commit would.
    /// The file is also looked for at its path: deleted (or moved, or replaced) under the daemon, it went on
    /// writing into a file no longer on disk, and what it wrote was lost at the next start, which began a new
    /// store and alerted on every feed's listing again, while `/readyz` said ready (trial3 finding 5).
    public func probe() throws {
        let expected = StoreSchema.shape(after: Set(StoreSchema.migrator.migrations)).keys
        let path = db.path
        if let opened {
            guard let now = Self.identity(path) else {
                throw ProbeFailure(store: path, problem: "the store file was deleted or moved away under the running daemon, which writes into "
                    + "the file it opened, no longer at this path: put it back (or stop the daemon: what it wrote since is then lost, and a new "
                    + "store alerts on every feed's listing again)")
            }
            guard now == opened else {
                throw ProbeFailure(store: path, problem: "another file is at the store's path than the one the running daemon opened and writes: "
                    + "the daemon's is no longer on disk; stop the daemon and put the file wanted at the path")
            }
        }
        try db.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                let missing = expected.filter { !tables.contains($0) }.sorted()
                guard missing.isEmpty else {
                    throw ProbeFailure(store: path, problem: "\(missing.count == 1 ? "a table" : "tables") of its schema \(missing.count == 1 ? "is" : "are") gone (\(missing.joined(separator: ", ")))")
                }
                return .rollback
            }
        }
    }
}

/// Why the running store's check failed, in one line without the advice said at start (`BrokenStore`): the
/// daemon is running and still writes the rest of the store, so moving the file aside is no answer.
public struct ProbeFailure: Error, CustomStringConvertible, Sendable {
    public var store: String
    public var problem: String
    public var description: String { "\(store): \(problem)" }
}
