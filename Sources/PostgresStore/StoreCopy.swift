import Foundation
import Logging
import PostgresNIO
import Store

/// `wirewatch store copy`: an SQLite store's state moved into a PostgreSQL database, so that a daemon
/// started on the database carries on where the SQLite one stopped (StoreCopyPlan.swift says what goes
/// where). All of it in one transaction: the schema is created or brought up to date, the target is
/// checked empty, every table is copied; a failure anywhere leaves the database as it was.
public enum StoreCopy {
    /// Rows copied into one table.
    public struct Count: Sendable, Equatable {
        public var table: String
        public var rows: Int
    }

    /// Refused: the database already holds a store, or a schema the copy does not account for.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies `source` into the database at `url`; with `dryRun`, does all of it and rolls it back.
    /// `parametersPerStatement`: how many values one INSERT carries (rows × columns; the protocol's
    /// limit is 65535), which bench/storecopy compares. `home`: where libpq's TLS files are looked for.
    public static func copy(from source: StoreExport, to url: String, dryRun: Bool, logger: Logger,
                            timeLimit: TimeInterval = PostgresStore.timeLimit, parametersPerStatement: Int = 20_000,
                            home: String? = LibpqHomeFiles.currentUserHome()) throws -> [Count] {
        let connections = PostgresConnections(url: try PostgresURL(url, home: home), size: 1, limit: timeLimit, logger: logger)
        defer { connections.close() }
        let server = connections.server
        return try connections.withSession { s in
            try s.run("BEGIN")
            do {
                try PostgresSchema.migrate(s)
                return try source.snapshot { try copyAll(from: source, s, server: server, dryRun: dryRun, parameters: parametersPerStatement) }
            } catch {
                do { try s.run("ROLLBACK") } catch { s.abandon() }
                throw error
            }
        }
    }

    /// Everything `copy` does inside its transaction, with the source read as of one moment.
    private static func copyAll(from source: StoreExport, _ s: PostgresSession, server: String, dryRun: Bool, parameters: Int) throws -> [Count] {
        let kinds = try columnKinds(s)
        let unknown = StoreCopyPlan.unknownTables(postgres: kinds.mapValues { $0.map(\.name) })
        if !unknown.isEmpty {
            throw Refusal(description: "\(server): the database has tables this wirewatch does not know (\(unknown.joined(separator: ", "))), "
                + "another program's or a newer wirewatch's; copy into a database of its own")
        }
        let problems = StoreCopyPlan.problems(sqlite: try sqliteColumns(source), postgres: kinds.mapValues { $0.map(\.name) })
        if !problems.isEmpty {
            throw Refusal(description: "\(source.path) → \(server): this wirewatch cannot copy every column: \(problems.joined(separator: "; "))")
        }
        try requireEmpty(s, server: server)
        var counts: [Count] = []
        for table in StoreCopyPlan.tables {
            counts.append(Count(table: table, rows: try copyTable(table, columns: kinds[table] ?? [], from: source, s,
                                                                 parameters: parameters)))
        }
        if dryRun {
            try s.run("ROLLBACK")
            return counts
        }
        // The next article a daemon stores comes after the copied ones. Not in a dry run: setval
        // is not rolled back.
        try s.run("SELECT setval(pg_get_serial_sequence('article', 'seq'), (SELECT max(seq) FROM article)) WHERE EXISTS (SELECT 1 FROM article)")
        try s.run("COMMIT")
        return counts
    }

    /// A column of the target and the kind of value it takes.
    struct Column {
        var name: String
        var type: String
        var kind: ExportedValue.Kind?
    }

    private static func columnKinds(_ s: PostgresSession) throws -> [String: [Column]] {
        var tables: [String: [Column]] = [:]
        for row in try s.rows("""
            SELECT table_name::text AS t, column_name::text AS c, data_type::text AS type FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """) {
            let type: String = try row.get("type")
            tables[try row.get("t"), default: []].append(Column(name: try row.get("c"), type: type, kind: kind(of: type)))
        }
        return tables
    }

    /// The kind of value a PostgreSQL type takes from SQLite; nil for a type the copy does not convert.
    static func kind(of type: String) -> ExportedValue.Kind? {
        switch type {
        case "text", "character varying": .text
        case "bigint", "integer", "smallint": .integer
        case "double precision", "real": .real
        case "bytea": .bytes
        case "timestamp with time zone": .time
        case "boolean": .boolean
        default: nil
        }
    }

    private static func sqliteColumns(_ source: StoreExport) throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for table in try source.tables() { tables[table] = try source.columns(of: table) }
        return tables
    }

    private static func requireEmpty(_ s: PostgresSession, server: String) throws {
        let checked = StoreCopyPlan.tables + ["feed_lease"]
        // No daemon may write while the copy runs; reads go on.
        try s.run(PostgresQuery(unsafeSQL: "LOCK TABLE \(checked.joined(separator: ", ")) IN EXCLUSIVE MODE"))
        var holding: [String] = []
        for table in checked {
            if try !s.rows(PostgresQuery(unsafeSQL: "SELECT 1 AS one FROM \(table) LIMIT 1")).isEmpty { holding.append(table) }
        }
        guard holding.isEmpty else {
            throw Refusal(description: "\(server): the database already holds wirewatch state (rows in \(holding.joined(separator: ", "))); "
                + "store copy writes only into a new, empty database")
        }
    }

    /// Copies one table in batches of multi-row INSERTs; returns how many rows it copied.
    private static func copyTable(_ table: String, columns: [Column], from source: StoreExport, _ s: PostgresSession,
                                  parameters: Int) throws -> Int {
        let copied = columns.filter { !(StoreCopyPlan.leftEmpty[table] ?? []).contains($0.name) }
        let kinds = try copied.map { column in
            guard let kind = column.kind else {
                throw Refusal(description: "\(table).\(column.name): the copy cannot convert PostgreSQL's \(column.type)")
            }
            return kind
        }
        let select = "SELECT \(copied.map { StoreCopyPlan.source(table, $0.name) }.joined(separator: ", ")) FROM \(table)"
            + (StoreCopyPlan.order[table].map { " ORDER BY \($0)" } ?? "")
        let names = copied.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let casts = copied.map { "::\($0.type)" }
        var total = 0
        // PostgreSQL's own errors (a number too large for an integer column, text that is not UTF-8)
        // name no table or row: say which.
        var first = 1
        try source.rows(select, kinds: kinds, what: copied.map { "\(table).\($0.name)" },
                        batch: max(1, min(parameters, 65_535) / copied.count)) { rows in
            var bindings = PostgresBindings(capacity: rows.count * copied.count)
            var sql = "INSERT INTO \(table) (\(names)) VALUES "
            var n = 0
            for (r, row) in rows.enumerated() {
                sql += r == 0 ? "(" : ", ("
                for (i, value) in row.enumerated() {
                    n += 1
                    sql += (i == 0 ? "$" : ", $") + String(n) + casts[i]
                    try bind(value, &bindings)
                }
                sql += ")"
            }
            do { total += try s.run(PostgresQuery(unsafeSQL: sql, binds: bindings)) } catch let failure as PostgresSession.Failure {
                let cause = PostgresStoreError(server: s.server, failure.underlying).cause
                throw PostgresSession.Failure(PostgresStoreError(server: s.server, cause: "\(table), rows \(first)–\(first + rows.count - 1) of the SQLite store: \(cause)"),
                                              first: failure.first, lost: failure.lost)
            }
            first += rows.count
        }
        return total
    }

    private static func bind(_ value: ExportedValue, _ bindings: inout PostgresBindings) throws {
        switch value {
        case .null: bindings.appendNull()
        case .integer(let v): bindings.append(v)
        case .real(let v): bindings.append(v)
        case .text(let v): bindings.append(v)
        case .bytes(let v): try bindings.append(v)
        case .time(let v): bindings.append(v)
        case .endless: bindings.append("infinity")
        case .boolean(let v): bindings.append(v)
        }
    }
}
