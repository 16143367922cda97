import GRDB

/// The tables and columns each prefix of the migrations makes, found by running them on an empty in-memory
/// database once: what a store that recorded them must hold, without a second list to keep in step.
extension StoreSchema {
    /// Table → columns, after the migrations up to the last of `applied` in migration order (none: empty).
    /// Identifiers this wirewatch does not know (a newer one's) are left out.
    static func shape(after applied: Set<String>) -> [String: Set<String>] {
        guard let last = migrator.migrations.last(where: applied.contains) else { return [:] }
        return shapes[last] ?? [:]
    }

    private static let shapes: [String: [String: Set<String>]] = {
        var shapes: [String: [String: Set<String>]] = [:]
        do {
            let db = try DatabaseQueue()
            for id in StoreSchema.migrator.migrations {
                try StoreSchema.migrator.migrate(db, upTo: id)
                shapes[id] = try db.read { db in
                    var tables: [String: Set<String>] = [:]
                    for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'grdb_migrations'") {
                        tables[table] = Set(try db.columns(in: table).map(\.name))
                    }
                    return tables
                }
            }
        } catch {
            // Our own migrations on an empty database in memory: they run at every new store's start too.
            fatalError("the store's migrations fail on an empty database: \(error)")
        }
        return shapes
    }()
}
