import Foundation
import Store

/// What `wirewatch store copy` moves from an SQLite store into PostgreSQL, table by table. A column is
/// copied to the PostgreSQL column of the same name unless it is named here; `problems` checks both
/// schemas against this, so a table or a column added to either without the copy knowing it stops the
/// copy (and fails StoreCopySchemaTests) instead of being left behind.
public enum StoreCopyPlan {
    /// The tables copied, parents before the tables whose foreign keys name them. A table both stores
    /// gain (a migration on each side) is one more name here.
    public static let tables = [
        "feed_state", "feed_schedule", "host_hold", "seen_item", "article", "alert", "delivery",
        "story_fingerprint", "story_body", "alert_throttle", "sink_hold",
    ]

    /// PostgreSQL's tables that are not copied: leases and presence rows say which daemon holds a feed
    /// or runs now, and no daemon runs on the new database yet; the schema's versions are the target's
    /// own. A name here whose table this build's schema lacks is harmless: only the tables the database
    /// has are checked against it.
    /// What a daemon said of its sinks (`sink_state`) is that daemon's, in either store.
    public static let notCopied: Set<String> = ["feed_lease", "daemon_presence", "wirewatch_schema", "sink_state"]

    /// Tables of the database that the plan does not know at all: another program's beside the store,
    /// or a newer wirewatch's.
    public static func unknownTables(postgres: [String: [String]]) -> [String] {
        postgres.keys.filter { !tables.contains($0) && !notCopied.contains($0) }.sorted()
    }

    /// PostgreSQL columns left to their defaults: a delivery's claim belongs to a daemon on the shared
    /// store, and none has claimed anything yet.
    public static let leftEmpty: [String: Set<String>] = ["delivery": ["claimed_by", "claimed_until"]]

    /// PostgreSQL columns whose value is an SQLite expression rather than the column of the same name,
    /// where the two stores say one thing two ways.
    public static let derived: [String: [String: String]] = [
        // The order `recentArticles` reads back: SQLite's rowid, PostgreSQL's seq.
        "article": ["seq": "rowid"],
        // PostgreSQL requires it; SQLite's v3-retention filled it in the same way for older rows.
        "seen_item": ["last_seen": "COALESCE(last_seen, first_seen)"],
        "delivery": [
            // Named queued_at in SQLite, where v8-delivery-queue filled it from the alert.
            "queued": "COALESCE(queued_at, (SELECT created FROM alert WHERE alert.id = delivery.alert))",
            // A settled delivery's next attempt is 'infinity' in PostgreSQL (PostgresSchema.swift: it
            // keeps the planner on the due-time index); SQLite leaves the last one there.
            "next_attempt": "CASE WHEN state = 'pending' THEN next_attempt ELSE 'infinity' END",
        ],
    ]

    /// SQLite columns read through `derived` under another name.
    public static let readAs: [String: Set<String>] = ["delivery": ["queued_at"]]

    /// The order rows are read in where it matters: articles in the order their commits wrote them.
    static let order: [String: String] = ["article": "rowid"]

    /// The SQLite expression that gives PostgreSQL's `column` of `table`.
    static func source(_ table: String, _ column: String) -> String {
        derived[table]?[column] ?? "\"\(column)\""
    }

    /// What in the two schemas (table → columns) this plan does not account for; empty when the copy
    /// moves every column there is.
    public static func problems(sqlite: [String: [String]], postgres: [String: [String]]) -> [String] {
        var problems: [String] = []
        for table in unknownTables(postgres: postgres) {
            problems.append("PostgreSQL table \(table) is neither copied nor known to need no copy")
        }
        for table in sqlite.keys.sorted() where !tables.contains(table) && !notCopied.contains(table) {
            problems.append("SQLite table \(table) has no place in the copy")
        }
        for table in tables {
            guard let from = sqlite[table] else { problems.append("SQLite has no table \(table)"); continue }
            guard let to = postgres[table] else { problems.append("PostgreSQL has no table \(table)"); continue }
            let skipped = leftEmpty[table] ?? []
            let computed = derived[table] ?? [:]
            for column in to where !from.contains(column) && !skipped.contains(column) && computed[column] == nil {
                problems.append("\(table).\(column) in PostgreSQL has no source in SQLite")
            }
            for column in from where !to.contains(column) && !(readAs[table] ?? []).contains(column) {
                problems.append("\(table).\(column) in SQLite has no place in PostgreSQL")
            }
        }
        return problems
    }
}
