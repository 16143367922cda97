import Foundation
import GRDB
import NIOCore
import PostgresNIO
@testable import PostgresStore
@testable import Store
import TestSupport
import WirewatchCore
import Testing

/// `store copy` against the two schemas as they are: every table and column of both accounted for,
/// and every column's value arriving as PostgreSQL's store reads it. Generic over the schemas, so a
/// column added to both later is filled and compared here without this file knowing it.
@Suite struct StoreCopySchemaTests {
    /// A fresh SQLite store and a freshly migrated database, and their columns (table → columns).
    struct Pair {
        let sqlitePath: String
        let url: String
        let database: String
        let postgresTypes: [String: [(name: String, type: String)]]

        init() throws {
            sqlitePath = try makeTemporaryDirectory("copy").appendingPathComponent("state.sqlite").path
            _ = try SQLiteStore(path: sqlitePath)
            url = try PostgresServer.shared().makeDatabase("copy")
            database = String(try #require(URLComponents(string: url)).path.dropFirst())
            _ = try PostgresStore(url: url, owner: "test", logger: quietLogger)
            var types: [String: [(name: String, type: String)]] = [:]
            let lines = try PostgresServer.shared().psql("""
                SELECT table_name || '|' || column_name || '|' || data_type FROM information_schema.columns
                WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
                """, database: database)
            for line in lines.split(separator: "\n") {
                let f = line.split(separator: "|").map(String.init)
                types[f[0], default: []].append((f[1], f[2]))
            }
            postgresTypes = types
        }

        var postgresColumns: [String: [String]] { postgresTypes.mapValues { $0.map(\.name) } }

        func sqliteColumns() throws -> [String: [String]] {
            let export = try StoreExport(path: sqlitePath)
            return try Dictionary(uniqueKeysWithValues: export.tables().map { ($0, try export.columns(of: $0)) })
        }
    }

    @Test func thePlanAccountsForEveryTableAndColumnOfBothSchemas() throws {
        let pair = try Pair()
        #expect(StoreCopyPlan.problems(sqlite: try pair.sqliteColumns(), postgres: pair.postgresColumns) == [])
        // And every type is one the copy converts.
        for (table, columns) in pair.postgresTypes where StoreCopyPlan.tables.contains(table) {
            for c in columns { #expect(StoreCopy.kind(of: c.type) != nil, "\(table).\(c.name): \(c.type)") }
        }
    }

    @Test func aColumnInOnlyOneSchemaStopsTheCopy() throws {
        let pg = try Pair()
        try PostgresServer.shared().psql("ALTER TABLE alert ADD COLUMN note text", database: pg.database)
        let error = #expect(throws: StoreCopy.Refusal.self) {
            try StoreCopy.copy(from: try StoreExport(path: pg.sqlitePath), to: pg.url, dryRun: false, logger: quietLogger)
        }
        #expect(error?.description.contains("alert.note in PostgreSQL has no source in SQLite") == true, "\(String(describing: error))")

        // Into a database no store has migrated: the refusal rolls back the schema the copy created.
        let lite = try Pair()
        let bare = try PostgresServer.shared().makeDatabase("bare")
        try DatabaseQueue(path: lite.sqlitePath).write { try $0.execute(sql: "ALTER TABLE delivery ADD COLUMN note TEXT") }
        let other = #expect(throws: StoreCopy.Refusal.self) {
            try StoreCopy.copy(from: try StoreExport(path: lite.sqlitePath), to: bare, dryRun: false, logger: quietLogger)
        }
        #expect(other?.description.contains("delivery.note in SQLite has no place in PostgreSQL") == true, "\(String(describing: other))")
        #expect(try PostgresServer.shared().psql("SELECT to_regclass('feed_state') IS NULL",
                                                 database: String(try #require(URLComponents(string: bare)).path.dropFirst())).hasPrefix("t"))
    }

    /// A live daemon's presence row (pgshare's daemon_presence) is the target's own, like a lease: the
    /// copy neither refuses the table nor touches it.
    @Test func aDaemonPresenceTableIsNeitherCopiedNorRefused() throws {
        let pair = try Pair()
        try PostgresServer.shared().psql("""
            CREATE TABLE IF NOT EXISTS daemon_presence (owner text PRIMARY KEY, started timestamptz NOT NULL, heard timestamptz NOT NULL)
            """, database: pair.database)
        let counts = try StoreCopy.copy(from: try StoreExport(path: pair.sqlitePath), to: pair.url, dryRun: false, logger: quietLogger)
        #expect(counts.map(\.table) == StoreCopyPlan.tables)
        #expect(!StoreCopyPlan.tables.contains("daemon_presence"))
    }

    /// A table another program keeps in the same database is refused as what it is, not as a version mismatch.
    @Test func aTableOfAnotherProgramIsNamedAsSuch() throws {
        let pair = try Pair()
        try PostgresServer.shared().psql("CREATE TABLE invoices (id integer)", database: pair.database)
        let error = #expect(throws: StoreCopy.Refusal.self) {
            try StoreCopy.copy(from: try StoreExport(path: pair.sqlitePath), to: pair.url, dryRun: false, logger: quietLogger)
        }
        let said = error?.description ?? ""
        #expect(said.hasSuffix(": the database has tables this wirewatch does not know (invoices), another program's or a newer wirewatch's; "
                               + "copy into a database of its own"), "\(said)")
        #expect(!said.contains("cannot copy every column"))
    }

    /// The copy reads every table as of one moment: a `deliver retry` writing the SQLite store between
    /// two tables' reads is not half seen.
    @Test func aSnapshotSeesNoWriteMadeDuringIt() throws {
        let pair = try Pair()
        let store = try SQLiteStore(path: pair.sqlitePath)
        try store.save(FeedState(feed: FeedID("f"), url: "http://127.0.0.1:9/f.xml"))
        let export = try StoreExport(path: pair.sqlitePath)
        func feeds() throws -> Int64 {
            var n: Int64 = -1
            try export.rows("SELECT count(*) FROM feed_state", kinds: [.integer], what: ["count"], batch: 1) { rows in
                if case .integer(let v) = rows[0][0] { n = v }
            }
            return n
        }
        let (before, after) = try export.snapshot {
            let before = try feeds()
            try store.save(FeedState(feed: FeedID("g"), url: "http://127.0.0.1:9/g.xml"))
            return (before, try feeds())
        }
        #expect(before == 1 && after == 1)
        #expect(try feeds() == 2)
    }

    /// PostgreSQL's own refusal of a value (a count beyond an integer column) names the table and the rows.
    @Test func aValuePostgreSQLRefusesNamesTheTableAndRows() throws {
        let pair = try Pair()
        try SQLiteStore(path: pair.sqlitePath).save(FeedState(feed: FeedID("f"), url: "http://127.0.0.1:9/f.xml"))
        try DatabaseQueue(path: pair.sqlitePath).write { try $0.execute(sql: "UPDATE feed_state SET error_streak = 1099511627776") }
        let error = #expect(throws: (any Error).self) {
            try StoreCopy.copy(from: try StoreExport(path: pair.sqlitePath), to: pair.url, dryRun: false, logger: quietLogger)
        }
        let said = "\(error.map { "\($0)" } ?? "")"
        #expect(said.hasSuffix(": feed_state, rows 1–1 of the SQLite store: integer out of range (SQLSTATE 22003)"), "\(said)")
    }

    /// Two rows in every column of every copied table, each value distinct and awkward (quotes,
    /// backslashes, tabs, newlines, non-ASCII, NUL bytes, negative 64-bit integers, millisecond times),
    /// copied and read back from PostgreSQL column by column.
    @Test func everyColumnOfEveryTableArrivesAsWritten() throws {
        let pair = try Pair()
        let sqliteColumns = try pair.sqliteColumns()
        let writer = try DatabaseQueue(path: pair.sqlitePath)
        var expected: [String: Set<[Readback]>] = [:]
        try writer.write { db in
            for table in StoreCopyPlan.tables {
                let columns = try #require(sqliteColumns[table])
                let types = Dictionary(uniqueKeysWithValues: try #require(pair.postgresTypes[table]).map { ($0.name, $0.type) })
                // Row 1 first: the rowid order is then not the key order, and `seq` must follow the rowid.
                for (rowid, row) in [1, 0].enumerated() {
                    var values: [String: DatabaseValue] = [:]
                    var written: [String: Readback] = [:]
                    for (i, column) in columns.enumerated() {
                        let type = try #require(types[column == "queued_at" ? "queued" : column], "\(table).\(column)")
                        (values[column], written[column]) = Self.value(table: table, column: column, type: type, index: i, row: row)
                    }
                    try db.execute(sql: "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                                   arguments: StatementArguments(columns.map { values[$0]! }))
                    // What PostgreSQL must hold: the same value, except where the two stores say one thing two ways.
                    let state = values["state"].flatMap { String.fromDatabaseValue($0) }
                    let settled: Bool = table == "delivery" && state != "pending"
                    let target = try #require(pair.postgresTypes[table]).filter { !(StoreCopyPlan.leftEmpty[table] ?? []).contains($0.name) }
                    expected[table, default: []].insert(try target.map { c in
                        switch (table, c.name) {
                        case ("article", "seq"): return .integer(Int64(rowid + 1))
                        case ("delivery", "next_attempt") where settled: return .endless
                        case ("delivery", "queued"): return try #require(written["queued_at"])
                        default: return try #require(written[c.name], "\(table).\(c.name)")
                        }
                    })
                }
            }
        }

        // A dry run writes nothing, the article sequence (which ROLLBACK does not undo) included.
        let tried = try StoreCopy.copy(from: try StoreExport(path: pair.sqlitePath), to: pair.url, dryRun: true, logger: quietLogger)
        #expect(tried.allSatisfy { $0.rows == 2 })
        #expect(try PostgresServer.shared().psql("SELECT is_called FROM article_seq_seq", database: pair.database).hasPrefix("f"))

        let counts = try StoreCopy.copy(from: try StoreExport(path: pair.sqlitePath), to: pair.url, dryRun: false, logger: quietLogger)
        #expect(counts.map(\.table) == StoreCopyPlan.tables && counts.allSatisfy { $0.rows == 2 })

        let connections = PostgresConnections(url: try PostgresURL(pair.url), size: 1, limit: 30, logger: quietLogger)
        defer { connections.close() }
        for table in StoreCopyPlan.tables {
            let target = try #require(pair.postgresTypes[table]).filter { !(StoreCopyPlan.leftEmpty[table] ?? []).contains($0.name) }
            let select = target.map { c -> String in
                switch StoreCopy.kind(of: c.type) {
                case .time: "(extract(epoch FROM \"\(c.name)\") * 1000000)::float8"
                case .integer: "\"\(c.name)\"::bigint"
                case .real: "\"\(c.name)\"::float8"
                default: "\"\(c.name)\""
                }
            }
            let rows = try connections.withSession { s in
                try s.rows(PostgresQuery(unsafeSQL: "SELECT \(select.joined(separator: ", ")) FROM \(table)")).map { row in
                    try target.enumerated().map { i, c in try Readback(row[i], type: c.type) }
                }
            }
            #expect(Set(rows) == expected[table], "\(table)")
        }
        // The claims are left to the daemons.
        #expect(try PostgresServer.shared().psql("SELECT count(*) FROM delivery WHERE claimed_by IS NOT NULL OR claimed_until IS NOT NULL",
                                                 database: pair.database).hasPrefix("0"))
        // A daemon's next article comes after the copied ones.
        #expect(try PostgresServer.shared().psql("SELECT nextval('article_seq_seq')", database: pair.database).hasPrefix("3"))
    }

    /// The value written into SQLite for column `index` of `table` in row `row`, of the kind its PostgreSQL
    /// column takes, as GRDB writes the Swift value the SQLite store holds; and what PostgreSQL must then
    /// hold, from the Swift value itself (not through the copy's own decoding).
    static func value(table: String, column: String, type: String, index: Int, row: Int) -> (DatabaseValue, Readback) {
        func text(_ v: String) -> (DatabaseValue, Readback) { (v.databaseValue, .text(v)) }
        switch (table, column) {
        case ("delivery", "alert"), ("alert", "id"): return text("alert-\(row)")
        case ("delivery", "state"): return text(row == 0 ? "pending" : "delivered")
        default: break
        }
        switch StoreCopy.kind(of: type) {
        case .integer:
            let v = type == "bigint" ? Int64.min + Int64(index * 10 + row + 1) : Int64(index * 10 + row + 7)
            return (v.databaseValue, .integer(v))
        case .real:
            let v = 0.1 + Double(index) + Double(row) / 3
            return (v.databaseValue, .real(v))
        case .text: return text("\(table).\(column)#\(row) 'é' \"☃\" \\ \t\n|")
        case .bytes:
            let v = Data("\(table).\(column)#\(row)".utf8) + Data([0, 255, 92, 10, 9])
            return (v.databaseValue, .bytes(v))
        case .time:
            let seconds = 1_800_000_000 + Int64(index * 3600 + row)
            return (Date(timeIntervalSince1970: Double(seconds) + 0.125).databaseValue, .micros(seconds * 1_000_000 + 125_000))
        case .boolean: return ((row == 0).databaseValue, .boolean(row == 0))
        case nil: return (.null, .null)
        }
    }

    /// A value as both sides compare it: times in microseconds since 1970, 'infinity' apart.
    enum Readback: Hashable {
        case null, integer(Int64), real(Double), text(String), bytes(Data), micros(Int64), endless, boolean(Bool)

        /// From PostgreSQL, as selected above.
        init(_ cell: PostgresCell, type: String) throws {
            if cell.bytes == nil { self = .null; return }
            switch StoreCopy.kind(of: type) {
            case .time:
                let micros = try cell.decode(Double.self)
                self = micros.isInfinite ? .endless : .micros(Int64(micros.rounded()))
            case .integer: self = .integer(try cell.decode(Int64.self))
            case .real: self = .real(try cell.decode(Double.self))
            case .text: self = .text(try cell.decode(String.self))
            case .bytes: self = .bytes(Data(try cell.decode(ByteBuffer.self).readableBytesView))
            case .boolean: self = .boolean(try cell.decode(Bool.self))
            case nil: throw ReadbackError(what: "\(type)")
            }
        }
    }

    struct ReadbackError: Error { var what: String }
}
