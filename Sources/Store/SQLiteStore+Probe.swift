import GRDB

extension SQLiteStore {
    /// Takes the write lock (`BEGIN IMMEDIATE`, waiting as long as a commit would) and looks that every table
    /// is there, then lets go without writing: a file another process holds locked, or whose tables were
    /// dropped, fails here as the next commit would.
    public func probe() throws {
        let expected = StoreSchema.shape(after: Set(StoreSchema.migrator.migrations)).keys
        let path = db.path
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
