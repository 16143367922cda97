import Foundation
import GRDB

/// The file the config names holds an SQLite database, but not a wirewatch store the daemon can use: tables
/// its recorded migrations made are gone, it holds another program's tables or migrations and no wirewatch migration, or
/// SQLite cannot read its schema or a table. Said once, at start, naming the file; the daemon then writes
/// nothing to it. Before, such a store reached `ready` and failed every poll and delivery, every second.
public struct BrokenStore: StoreRefusal {
    public var path: String
    public var problem: String

    public var description: String {
        "\(path): not a usable wirewatch store: \(problem); wirewatch leaves the file as it is (move it aside to start afresh, or restore a backup)"
    }
}

/// What the file holds, checked through a read-only connection before the daemon opens it to write (and
/// before a command beside the daemon trusts it).
enum StoreFileCheck {
    /// The migrations recorded in the file, after checking that every table (and column) they made is there
    /// and can be read; nil when the file holds no table at all (a new store, or one whose creation stopped
    /// before its first migration), which the daemon may create.
    static func applied(_ db: Database, path: String) throws -> [String]? {
        let tables: [String]
        do {
            tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        } catch let error as DatabaseError where Self.isDamage(error) {
            throw BrokenStore(path: path, problem: "SQLite cannot read its schema (\(Self.said(error)))")
        }
        if tables.isEmpty { return nil }
        guard tables.contains("grdb_migrations") else {
            let named = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw BrokenStore(path: path, problem: "it holds tables of another kind (\(named)) and no record of wirewatch's migrations")
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        // A store is known by its own migrations' names: another program built on GRDB has a grdb_migrations
        // table too, and the migrator would add every wirewatch table beside its own.
        if !applied.contains(where: Set(StoreSchema.migrator.migrations).contains) {
            let others = tables.filter { $0 != "grdb_migrations" }
            if others.isEmpty && applied.isEmpty { return nil }
            let named = (others.isEmpty ? applied.sorted() : others).prefix(5).joined(separator: ", ")
                + (max(others.count, applied.count) > 5 ? ", …" : "")
            throw BrokenStore(path: path, problem: others.isEmpty
                ? "its migrations are another program's (\(named)), none of them wirewatch's"
                : "it holds tables of another kind (\(named)) and no record of wirewatch's migrations")
        }
        let expected = StoreSchema.shape(after: Set(applied))
        let missing = expected.keys.filter { !tables.contains($0) }.sorted()
        guard missing.isEmpty else {
            throw BrokenStore(path: path, problem: "\(missing.count == 1 ? "a table" : "tables") its migrations made \(missing.count == 1 ? "is" : "are") gone (\(missing.joined(separator: ", ")))")
        }
        for (table, columns) in expected.sorted(by: { $0.key < $1.key }) {
            do {
                let present = Set(try db.columns(in: table).map(\.name))
                let lacking = columns.subtracting(present).sorted()
                guard lacking.isEmpty else {
                    throw BrokenStore(path: path, problem: "table \(table) lacks the column\(lacking.count == 1 ? "" : "s") \(lacking.joined(separator: ", ")) its migrations made")
                }
                // Reads the table's first page: a file cut short or overwritten shows here, not at the first poll.
                _ = try Row.fetchOne(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) LIMIT 1")
            } catch let error as DatabaseError where Self.isDamage(error) {
                throw BrokenStore(path: path, problem: "table \(table) cannot be read (\(Self.said(error)))")
            }
        }
        return applied
    }

    /// Opens the file read-only and checks it (`applied`); nothing is written to it. A file of 0 bytes, or
    /// none, is a new store: nil. `immutable`: read as `ReadOnlyStoreFile` says.
    static func check(path: String, immutable: Bool = false) throws -> [String]? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size > 0 else { return nil }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: immutable ? ReadOnlyStoreFile.immutableURI(path) : path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { try applied($0, path: path) }
        } catch let error as DatabaseError where Self.isDamage(error) {
            throw BrokenStore(path: path, problem: "SQLite cannot read it (\(Self.said(error)))")
        }
    }

    /// Corruption, not a busy or missing file: SQLite's "malformed database schema", "database disk image is
    /// malformed", or a read past the end of a file cut short.
    static func isDamage(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.extendedResultCode == .SQLITE_IOERR_SHORT_READ
    }

    /// SQLite's words, without the statement GRDB adds.
    static func said(_ error: DatabaseError) -> String {
        "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
    }
}
