import Foundation
import GRDB

/// An SQLite store read for `wirewatch store copy`: opened read-only, never migrated, and only when its
/// schema is exactly this wirewatch's (an older one is upgraded by starting the daemon once; a newer
/// one has columns this build would drop). Values come out as the kind the target column asks for,
/// decoded as the SQLite store itself decodes them (GRDB's `Date`, `Data`, integers).
public final class StoreExport: @unchecked Sendable {
    public let path: String
    let db: DatabaseQueue
    /// The read transaction `snapshot` holds open, which every read inside it goes through.
    private var held: Database?

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        db = try DatabaseQueue(path: path, configuration: config)
        try db.read { db in
            _ = try StoreFileCheck.applied(db, path: path)
            let applied = try StoreSchema.migrator.appliedIdentifiers(db)
            let known = Set(StoreSchema.migrator.migrations)
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty { throw NewerStore(path: path, versions: unknown) }
            guard applied == known else { throw SQLiteStore.OutdatedStore(path: path) }
        }
    }

    /// Runs `body` with every read of this export in one read transaction: all tables as of one moment,
    /// whatever a `deliver retry` beside the copy writes meanwhile.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        try db.read { db in
            held = db
            defer { held = nil }
            return try body()
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let held { return try body(held) }
        return try db.read(body)
    }

    /// The store's tables (not SQLite's own, nor GRDB's migration record), by name.
    public func tables() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                ORDER BY name
                """)
        }
    }

    /// The columns of `table`, in the order it declares them.
    public func columns(of table: String) throws -> [String] {
        try read { db in try db.columns(in: table).map(\.name) }
    }

    /// The rows `sql` selects, `batch` at a time, each column converted to `kinds[i]`, in one read
    /// transaction (`snapshot`'s, when inside one). `sql`'s columns are named `what` in errors (`table.column`).
    public func rows(_ sql: String, kinds: [ExportedValue.Kind], what: [String], batch: Int,
                     _ each: ([[ExportedValue]]) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: sql)
            var rows: [[ExportedValue]] = []
            rows.reserveCapacity(batch)
            var number = 0
            while let row = try cursor.next() {
                number += 1
                var values: [ExportedValue] = []
                values.reserveCapacity(kinds.count)
                for (i, kind) in kinds.enumerated() {
                    let value = row[i] as DatabaseValue
                    guard let converted = ExportedValue(value, as: kind) else {
                        throw UnreadableValue(path: path, column: what[i], row: number, value: value.description, kind: kind)
                    }
                    values.append(converted)
                }
                rows.append(values)
                if rows.count == batch { try each(rows); rows.removeAll(keepingCapacity: true) }
            }
            if !rows.isEmpty { try each(rows) }
        }
    }

    /// A store a newer wirewatch wrote: its migrations this build does not have.
    public struct NewerStore: Error, CustomStringConvertible {
        public var path: String
        public var versions: [String]
        public var description: String {
            "\(path): written by a newer wirewatch (schema \(versions.joined(separator: ", ")), unknown to this one); copy it with that version"
        }
    }

    /// A value that is not what its column holds (a time that is no time), which the copy refuses rather than guess.
    public struct UnreadableValue: Error, CustomStringConvertible {
        public var path: String, column: String, row: Int, value: String
        public var kind: ExportedValue.Kind
        public var description: String {
            "\(path): \(column) in row \(row) is not \(kind.described): \(value.prefix(80))"
        }
    }
}

/// One value on its way from the SQLite store to another, typed as the target column is.
public enum ExportedValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes(Data)
    case time(Date)
    /// A time after every other: PostgreSQL's 'infinity', which its store writes as a settled delivery's
    /// next attempt. Exported for the text 'infinity' (what a copy's query selects for such a row).
    case endless
    case boolean(Bool)

    public enum Kind: Sendable, Hashable {
        case integer, real, text, bytes, time, boolean
        var described: String {
            switch self {
            case .integer: "an integer"
            case .real: "a number"
            case .text: "text"
            case .bytes: "bytes"
            case .time: "a time"
            case .boolean: "a boolean"
            }
        }
    }

    /// `value` as `kind`, decoded as the SQLite store reads it; nil when it is not one.
    init?(_ value: DatabaseValue, as kind: Kind) {
        if value.isNull { self = .null; return }
        switch kind {
        case .integer: guard let v = Int64.fromDatabaseValue(value) else { return nil }; self = .integer(v)
        case .real: guard let v = Double.fromDatabaseValue(value) else { return nil }; self = .real(v)
        case .text: guard let v = String.fromDatabaseValue(value) else { return nil }; self = .text(v)
        case .bytes: guard let v = Data.fromDatabaseValue(value) else { return nil }; self = .bytes(v)
        case .boolean: guard let v = Bool.fromDatabaseValue(value) else { return nil }; self = .boolean(v)
        case .time:
            if String.fromDatabaseValue(value) == "infinity" { self = .endless; return }
            guard let v = Date.fromDatabaseValue(value) else { return nil }
            self = .time(v)
        }
    }
}
