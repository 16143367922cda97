import Foundation
import PostgresNIO

/// The PostgreSQL schema, as migrations that only ever grow, recorded in `wirewatch_schema`. They run
/// under a transaction-scoped advisory lock, so daemons starting together migrate once, one after
/// the other. The tables mirror SQLite's (StoreSchema.swift) with what sharing adds: leases on feeds
/// and claims on deliveries. Text keys compare bytewise (COLLATE "C"), as SQLite's do, so every order
/// is the same whatever the database's locale.
enum PostgresSchema {
    /// Any constant of our own: the key of the advisory lock migrations hold.
    static let migrationLock: Int64 = 0x7769_7265_7761_7463  // "wirewatc"
    /// Held by every commit for its transaction: the story registry and throttle memory are read,
    /// then written, so two daemons' commits run one at a time, as SQLite's do in one file.
    static let admissionLock: Int64 = 0x7769_7265_6164_6d69  // "wireadmi"

    static let migrations: [(version: String, sql: [String])] = [
        ("v1", [
            """
            CREATE TABLE feed_state (
                feed text COLLATE "C" PRIMARY KEY, url text NOT NULL, etag text, last_modified text, last_fetch timestamptz,
                last_outcome text, last_error text, error_streak integer NOT NULL DEFAULT 0, next_poll timestamptz,
                articles_seen bigint NOT NULL DEFAULT 0, listing_floor timestamptz,
                entries_edited bigint NOT NULL DEFAULT 0, edits_not_judged bigint NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE seen_item (
                feed text COLLATE "C" NOT NULL, item_key text COLLATE "C" NOT NULL,
                first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL,
                content_hash text, raw_hash text, edits integer NOT NULL DEFAULT 0, story text,
                PRIMARY KEY (feed, item_key))
            """,
            "CREATE INDEX seen_item_age ON seen_item (feed, last_seen)",
            // seq: the order commits wrote articles in, which `recentArticles` reads back (SQLite's rowid).
            """
            CREATE TABLE article (
                id text COLLATE "C" PRIMARY KEY, seq bigserial NOT NULL, feed text NOT NULL, url text, title text NOT NULL,
                published timestamptz, stored_at timestamptz NOT NULL, body bytea NOT NULL)
            """,
            "CREATE INDEX article_stored_at ON article (stored_at, seq)",
            """
            CREATE TABLE alert (
                id text COLLATE "C" PRIMARY KEY, rule text NOT NULL, story text NOT NULL, created timestamptz NOT NULL,
                record bytea NOT NULL)
            """,
            "CREATE INDEX alert_created ON alert (created, id)",
            // queued: the alert's creation, copied so a delivery batch is read in order from one index
            // (the pending rows of one sink, oldest first) without the alert table; the second index, by
            // due time, serves a sink with many deliveries waiting to be retried (an outage), which the
            // first would read past on every batch. The planner picks, and picks right because a settled
            // (delivered or dead) delivery's next_attempt is 'infinity': the statistics then show how few
            // rows are due. claimed_by and claimed_until: the daemon whose delivery crew took the row, and
            // until when.
            """
            CREATE TABLE delivery (
                alert text COLLATE "C" NOT NULL REFERENCES alert(id), sink text COLLATE "C" NOT NULL, state text NOT NULL,
                attempts integer NOT NULL DEFAULT 0, first_attempt timestamptz, next_attempt timestamptz NOT NULL,
                delivered_at timestamptz, last_error text, dead_at timestamptz, queued timestamptz NOT NULL,
                claimed_by text, claimed_until timestamptz,
                PRIMARY KEY (alert, sink))
            """,
            "CREATE INDEX delivery_due ON delivery (sink, queued, alert) WHERE state = 'pending'",
            "CREATE INDEX delivery_due_at ON delivery (sink, next_attempt) WHERE state = 'pending'",
            "CREATE INDEX delivery_state ON delivery (state, sink)",
            """
            CREATE TABLE story_fingerprint (
                fingerprint bigint PRIMARY KEY, story text NOT NULL,
                band0 integer NOT NULL, band1 integer NOT NULL, band2 integer NOT NULL, band3 integer NOT NULL,
                first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL)
            """,
            "CREATE INDEX story_band0 ON story_fingerprint (band0)",
            "CREATE INDEX story_band1 ON story_fingerprint (band1)",
            "CREATE INDEX story_band2 ON story_fingerprint (band2)",
            "CREATE INDEX story_band3 ON story_fingerprint (band3)",
            "CREATE INDEX story_last_seen ON story_fingerprint (last_seen)",
            "CREATE INDEX story_fingerprint_story ON story_fingerprint (story)",
            """
            CREATE TABLE story_body (
                body bigint NOT NULL, feed text NOT NULL, story text NOT NULL,
                band0 integer NOT NULL, band1 integer NOT NULL, band2 integer NOT NULL, band3 integer NOT NULL,
                first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL,
                PRIMARY KEY (body, feed, story))
            """,
            "CREATE INDEX story_body_band0 ON story_body (band0)",
            "CREATE INDEX story_body_band1 ON story_body (band1)",
            "CREATE INDEX story_body_band2 ON story_body (band2)",
            "CREATE INDEX story_body_band3 ON story_body (band3)",
            "CREATE INDEX story_body_last_seen ON story_body (last_seen)",
            """
            CREATE TABLE alert_throttle (
                rule text NOT NULL, key text NOT NULL, alert text NOT NULL, raised timestamptz NOT NULL,
                suppressed integer NOT NULL DEFAULT 0,
                PRIMARY KEY (rule, key))
            """,
            "CREATE INDEX alert_throttle_raised ON alert_throttle (raised)",
            """
            CREATE TABLE feed_schedule (
                feed text COLLATE "C" PRIMARY KEY, configured_url text NOT NULL, "interval" double precision,
                not_before timestamptz, broken_since timestamptz, last_success timestamptz)
            """,
            "CREATE TABLE host_hold (host text COLLATE \"C\" PRIMARY KEY, until timestamptz NOT NULL)",
            // One row per feed ever claimed; the row is also what SELECT … FOR UPDATE SKIP LOCKED locks.
            "CREATE TABLE feed_lease (feed text COLLATE \"C\" PRIMARY KEY, owner text, until timestamptz)",
        ]),
        // The roll call (PostgresStore+Presence.swift): one row per running daemon, its last heartbeat in `heard`,
        // until when its writer counts as live in `live_until`, and the writing process's `nonce` (two processes
        // under one name are refused).
        // Named, not numbered: migrations written side by side on branches must not share a version.
        ("daemon_presence", [
            """
            CREATE TABLE daemon_presence (
                owner text COLLATE "C" PRIMARY KEY, nonce text NOT NULL, started timestamptz NOT NULL,
                heard timestamptz NOT NULL, live_until timestamptz NOT NULL)
            """,
        ]),
        // A receiver's request that a whole sink wait (SinkHold), read by every daemon before it claims a batch.
        ("sink_hold", [
            "CREATE TABLE sink_hold (sink text COLLATE \"C\" PRIMARY KEY, until timestamptz NOT NULL, reason text NOT NULL)",
        ]),
        // Which process wrote a roll-call row (PostgresStore+Presence.swift): its host and pid for people, and the pid's
        // namespace and start, by which a daemon restarted on the same machine sees its crashed predecessor gone and
        // takes the name over at once. pid_nonce is the nonce of the process these describe: a wirewatch that predates
        // them, taking a row over, changes the nonce and not these, and they then describe nobody.
        ("daemon_process", [
            """
            ALTER TABLE daemon_presence ADD COLUMN host text, ADD COLUMN pid integer, ADD COLUMN pid_space text,
                ADD COLUMN pid_start bigint, ADD COLUMN pid_nonce text
            """,
        ]),
        // When a delivery last failed, for the latest error of a sink's pending deliveries (PostgresStore+SinkBacklog.swift).
        ("deliver_last_attempt", [
            "ALTER TABLE delivery ADD COLUMN last_attempt timestamptz",
        ]),
        // Whether each daemon's sinks run, as each last said (SinkRunState); `deliver list` reads the rows of the
        // daemons live in the roll call.
        ("deliver_sink_state", [
            """
            CREATE TABLE sink_state (
                sink text COLLATE "C" NOT NULL, daemon text COLLATE "C" NOT NULL, running boolean NOT NULL, reason text,
                since timestamptz NOT NULL, PRIMARY KEY (sink, daemon))
            """,
        ]),
        // Which receiver asked for a sink's hold (SinkHold.receiver): a daemon that starts the sink pointed at another lifts it.
        ("hold_receiver", [
            "ALTER TABLE sink_hold ADD COLUMN receiver text",
        ]),
        // When an entry was last judged, and whether its stored content is an edit not judged yet (poll.late_edits).
        ("seen_item_judged", [
            "ALTER TABLE seen_item ADD COLUMN judged_at timestamptz, ADD COLUMN unjudged boolean NOT NULL DEFAULT false",
        ]),
        // What put a feed's next poll beyond its interval (ServerHint.swift): a reload re-plans with it, `feeds` shows it.
        ("schedule_server_hint", [
            "ALTER TABLE feed_schedule ADD COLUMN hint_kind text, ADD COLUMN hint_seconds double precision",
        ]),
        // Entries stored from a first listing under `backlog: skip`, whose later edits are not judged either.
        ("seen_item_backlog", [
            "ALTER TABLE seen_item ADD COLUMN backlog boolean NOT NULL DEFAULT false",
        ]),
        // When the feed's oldest listed edit not judged yet was last judged (FeedState.unjudgedSince).
        ("feed_state_unjudged", [
            "ALTER TABLE feed_state ADD COLUMN unjudged_since timestamptz",
        ]),
        // The words of the title a body was carried under (StoryFingerprint.titleWords): a report re-posted under a
        // reworded headline is not boilerplate (StoryRegistry.isBoilerplate).
        ("story_body_title", [
            "ALTER TABLE story_body ADD COLUMN title bigint",
        ]),
    ]

    /// Brings the schema up to date; run inside a transaction, which the migration lock lasts.
    static func migrate(_ session: PostgresSession) throws {
        try session.run("SELECT pg_advisory_xact_lock(\(migrationLock))")
        // Created only when missing: CREATE … IF NOT EXISTS checks the CREATE privilege first, and a
        // daemons' role without it (the DBA migrated with an owner role) must still start.
        let applied = try appliedVersions(session)
        if let applied { try requireTables(session, of: applied) }
        if applied == nil {
            try session.run("""
                CREATE TABLE wirewatch_schema (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())
                """)
        }
        for migration in migrations where applied?.contains(migration.version) != true {
            for statement in migration.sql { try session.run(PostgresQuery(unsafeSQL: statement)) }
            try session.run("INSERT INTO wirewatch_schema (version) VALUES (\(migration.version))")
        }
    }

    /// The migrations applied to this database; nil when it has no wirewatch_schema table yet.
    static func appliedVersions(_ session: PostgresSession) throws -> Set<String>? {
        let present = try session.rows("SELECT to_regclass('wirewatch_schema') IS NOT NULL AS present").first?.get("present", as: Bool.self)
        guard present == true else { return nil }
        return Set(try session.rows("SELECT version FROM wirewatch_schema").map { try $0.get("version", as: String.self) })
    }

    /// Throws unless every migration of this wirewatch has been applied.
    static func requireCurrent(_ session: PostgresSession) throws {
        let applied = try appliedVersions(session) ?? []
        try requireTables(session, of: applied)
        guard migrations.allSatisfy({ applied.contains($0.version) }) else {
            throw PostgresStoreError(server: session.server, cause: applied.isEmpty
                ? "no wirewatch store in this database yet; 'wirewatch run' creates it when it first starts"
                : "written by an older wirewatch; start the daemon once to upgrade the store, then try again")
        }
    }

    /// The tables `version` creates, read from its own statements.
    static func tables(of version: String) -> [String] {
        let statements = migrations.first { $0.version == version }?.sql ?? []
        return statements.compactMap { sql in
            let words = sql.split(whereSeparator: \.isWhitespace)
            guard words.count > 2, words[0] == "CREATE", words[1] == "TABLE" else { return nil }
            return String(words[2].prefix { $0 != "(" })
        }
    }

    /// Throws, changing nothing, when a table the `applied` migrations made is gone (dropped by hand, or a
    /// restore of part of the database): the daemon would otherwise start, say it is ready, and fail every
    /// poll and delivery. A database without `wirewatch_schema` may hold other programs' tables: it is not checked.
    static func requireTables(_ session: PostgresSession, of applied: Set<String>) throws {
        let missing = try missingTables(session, of: applied)
        guard missing.isEmpty else {
            throw PostgresStoreError(server: session.server, cause: "not a usable wirewatch store: \(missing.count == 1 ? "a table" : "tables") its migrations made \(missing.count == 1 ? "is" : "are") gone (\(missing.joined(separator: ", "))); wirewatch changes nothing in it (restore a backup, or give the store a new database)")
        }
    }

    /// The tables the `applied` migrations made that are not there, by name.
    static func missingTables(_ session: PostgresSession, of applied: Set<String>) throws -> [String] {
        let expected = migrations.filter { applied.contains($0.version) }.flatMap { tables(of: $0.version) }
        guard !expected.isEmpty else { return [] }
        return try session.rows("""
            SELECT name FROM unnest(\(expected)::text[]) AS name WHERE to_regclass(quote_ident(name)) IS NULL ORDER BY name
            """).map { try $0.get("name", as: String.self) }
    }
}
