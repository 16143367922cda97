import Foundation
import WirewatchCore
import GRDB

/// The SQLite schema, as a sequence of migrations that only ever grows.
enum StoreSchema {
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE feed_state (
                    feed TEXT PRIMARY KEY, url TEXT NOT NULL, etag TEXT, last_modified TEXT, last_fetch DATETIME,
                    last_outcome TEXT, last_error TEXT, error_streak INTEGER NOT NULL DEFAULT 0, next_poll DATETIME,
                    articles_seen INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE seen_item (
                    feed TEXT NOT NULL, item_key TEXT NOT NULL, first_seen DATETIME NOT NULL,
                    PRIMARY KEY (feed, item_key)) WITHOUT ROWID;
                CREATE TABLE article (
                    id TEXT PRIMARY KEY, feed TEXT NOT NULL, url TEXT, title TEXT NOT NULL, published DATETIME,
                    stored_at DATETIME NOT NULL, body BLOB NOT NULL);
                CREATE INDEX article_stored_at ON article (stored_at);
                CREATE TABLE alert (
                    id TEXT PRIMARY KEY, rule TEXT NOT NULL, story TEXT NOT NULL, created DATETIME NOT NULL, record BLOB NOT NULL);
                CREATE TABLE delivery (
                    alert TEXT NOT NULL REFERENCES alert(id), sink TEXT NOT NULL, state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, first_attempt DATETIME, next_attempt DATETIME NOT NULL,
                    delivered_at DATETIME, last_error TEXT,
                    PRIMARY KEY (alert, sink));
                CREATE INDEX delivery_due ON delivery (sink, state, next_attempt);
                """)
        }
        m.registerMigration("v2-delivery") { db in
            // Dead letters keep when they died; the story registry finds near-duplicate
            // fingerprints through four 16-bit bands (two fingerprints within 3 bits share
            // at least one band); the throttle remembers the last alert per (rule, key).
            try db.execute(sql: """
                ALTER TABLE delivery ADD COLUMN dead_at DATETIME;
                CREATE INDEX delivery_state ON delivery (state, sink);
                CREATE TABLE story_fingerprint (
                    fingerprint INTEGER PRIMARY KEY, story TEXT NOT NULL,
                    band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL, band3 INTEGER NOT NULL,
                    first_seen DATETIME NOT NULL, last_seen DATETIME NOT NULL);
                CREATE INDEX story_band0 ON story_fingerprint (band0);
                CREATE INDEX story_band1 ON story_fingerprint (band1);
                CREATE INDEX story_band2 ON story_fingerprint (band2);
                CREATE INDEX story_band3 ON story_fingerprint (band3);
                CREATE INDEX story_last_seen ON story_fingerprint (last_seen);
                CREATE TABLE alert_throttle (
                    rule TEXT NOT NULL, key TEXT NOT NULL, alert TEXT NOT NULL, raised DATETIME NOT NULL,
                    suppressed INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (rule, key)) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v2-scheduler") { db in
            // What the scheduler learns about a feed beyond feed_state, and host-wide Retry-After holds.
            try db.execute(sql: """
                CREATE TABLE feed_schedule (
                    feed TEXT PRIMARY KEY, configured_url TEXT NOT NULL, interval REAL, not_before DATETIME,
                    broken_since DATETIME, last_success DATETIME);
                CREATE TABLE host_hold (host TEXT PRIMARY KEY, until DATETIME NOT NULL);
                """)
        }
        m.registerMigration("v3-retention") { db in
            // Retention (RetentionSweep.swift, FeedListing.swift). A seen item remembers when a document last
            // listed it, and a feed the time before which every item of its latest listing had been
            // seen (its listing floor), so an entry still in its feed is never forgotten. The indexes
            // let each prune find its oldest rows without a scan.
            try db.execute(sql: """
                ALTER TABLE seen_item ADD COLUMN last_seen DATETIME;
                UPDATE seen_item SET last_seen = first_seen;
                CREATE INDEX seen_item_age ON seen_item (feed, last_seen);
                ALTER TABLE feed_state ADD COLUMN listing_floor DATETIME;
                CREATE INDEX alert_created ON alert (created, id);
                CREATE INDEX alert_throttle_raised ON alert_throttle (raised);
                """)
        }
        m.registerMigration("v4-story-throttles") { db in
            // Retention keeps the throttle memory of a story the registry still knows; this finds it.
            try db.execute(sql: "CREATE INDEX story_fingerprint_story ON story_fingerprint (story)")
        }
        m.registerMigration("v5-entry-revisions") { db in
            // Edited entries (SQLiteStore+Revisions.swift). A seen item keeps the hash of the content it was
            // judged with, how many of its edits were judged again, and the story it joined, which its edits
            // stay in. Rows from before have no hash: the next listing fills it in without judging anything.
            // A feed counts its edits, the judged and the ignored ones, for `wirewatch feeds`.
            try db.execute(sql: """
                ALTER TABLE seen_item ADD COLUMN content_hash TEXT;
                ALTER TABLE seen_item ADD COLUMN edits INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE seen_item ADD COLUMN story TEXT;
                ALTER TABLE feed_state ADD COLUMN entries_edited INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE feed_state ADD COLUMN edits_not_judged INTEGER NOT NULL DEFAULT 0;
                """)
        }
        m.registerMigration("v6-story-bodies") { db in
            // Body fingerprints (StoryRegistry): which feed carried a body in which story, found through
            // the same four bands as story_fingerprint, pruned with it. One row per (body, feed, story):
            // a feed carrying one body in two stories is what marks the body as that feed's boilerplate.
            try db.execute(sql: """
                CREATE TABLE story_body (
                    body INTEGER NOT NULL, feed TEXT NOT NULL, story TEXT NOT NULL,
                    band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL, band3 INTEGER NOT NULL,
                    first_seen DATETIME NOT NULL, last_seen DATETIME NOT NULL,
                    PRIMARY KEY (body, feed, story));
                CREATE INDEX story_body_band0 ON story_body (band0);
                CREATE INDEX story_body_band1 ON story_body (band1);
                CREATE INDEX story_body_band2 ON story_body (band2);
                CREATE INDEX story_body_band3 ON story_body (band3);
                CREATE INDEX story_body_last_seen ON story_body (last_seen);
                """)
        }
        m.registerMigration("v7-entry-raw-hashes") { db in
            // A seen item keeps, beside its content hash, the hash of its title and body as the feed sent
            // them (SQLiteStore+Revisions.swift): an entry listed again unchanged is then not cleaned. Rows
            // from before have none: their next listing is cleaned and compared as before, and fills it in.
            try db.execute(sql: "ALTER TABLE seen_item ADD COLUMN raw_hash TEXT")
        }
        m.registerMigration("v8-delivery-queue") { db in
            // A worker reads its sink's due deliveries in the order their alerts were raised
            // (SQLiteStore+DeliveryQueue.swift): a delivery keeps that time as `queued_at`, and two partial
            // indexes cover the pending ones. A delivery never tried is due from when it was queued
            // (next_attempt = queued_at): its index is in queue order, so a batch reads only the rows it
            // returns. One waiting for a retry (or requeued) is in the other, by due time, so a batch reads
            // only the retries due, never the retries still waiting. They replace `delivery_due`, which no
            // query reads now but every write to a delivery updated; the counts and the removed sinks'
            // sweep read `delivery_state`.
            try db.execute(sql: """
                DROP INDEX delivery_due;
                ALTER TABLE delivery ADD COLUMN queued_at DATETIME;
                UPDATE delivery SET queued_at = (SELECT created FROM alert WHERE alert.id = delivery.alert);
                CREATE INDEX delivery_fresh ON delivery (sink, queued_at, alert, next_attempt, state)
                WHERE state = 'pending' AND next_attempt = queued_at;
                CREATE INDEX delivery_retry ON delivery (sink, next_attempt, queued_at, alert, state)
                WHERE state = 'pending' AND next_attempt <> queued_at;
                """)
        }
        m.registerMigration("v9-sink-hold") { db in
            // A receiver's request that a whole sink wait (SinkHold.swift), one row per sink, kept so a
            // restart honours it. A row whose time has passed is harmless, and replaced by the next hold.
            try db.execute(sql: "CREATE TABLE sink_hold (sink TEXT PRIMARY KEY, until DATETIME NOT NULL, reason TEXT NOT NULL)")
        }
        m.registerMigration("deliver_last_attempt") { db in
            // When a delivery last failed, so `deliver list` shows the latest error of a sink's pending deliveries
            // (SQLiteStore+SinkBacklog.swift). Rows from before have none and sort after every dated failure.
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN last_attempt DATETIME")
        }
        m.registerMigration("deliver_sink_state") { db in
            // Whether each sink of the daemon runs, as it last said (SinkRunState.swift); read by `deliver list`
            // beside the store lock, which says whether that daemon still runs.
            try db.execute(sql: """
                CREATE TABLE sink_state (
                    sink TEXT NOT NULL, daemon TEXT NOT NULL, running BOOLEAN NOT NULL, reason TEXT, since DATETIME NOT NULL,
                    PRIMARY KEY (sink, daemon))
                """)
        }
        m.registerMigration("hold_receiver") { db in
            // Which receiver asked for the hold (SinkHold.receiver), so a restart with the sink pointed at another lifts it.
            // Named, not numbered, as PostgreSQL's are: migrations written side by side on branches must not share a name.
            try db.execute(sql: "ALTER TABLE sink_hold ADD COLUMN receiver TEXT")
        }
        m.registerMigration("seen_item_judged") { db in
            // When an entry was last judged, and whether its stored content is an edit not judged yet (poll.late_edits).
            try db.execute(sql: """
                ALTER TABLE seen_item ADD COLUMN judged_at DATETIME;
                ALTER TABLE seen_item ADD COLUMN unjudged BOOLEAN NOT NULL DEFAULT 0;
                """)
        }
        m.registerMigration("schedule_server_hint") { db in
            // What put a feed's next poll beyond its interval (ServerHint.swift): a reload re-plans with it, `feeds` shows it.
            try db.execute(sql: """
                ALTER TABLE feed_schedule ADD COLUMN hint_kind TEXT;
                ALTER TABLE feed_schedule ADD COLUMN hint_seconds REAL;
                """)
        }
        m.registerMigration("seen_item_backlog") { db in
            // Entries stored from a first listing under `backlog: skip`, whose later edits are not judged either.
            try db.execute(sql: "ALTER TABLE seen_item ADD COLUMN backlog BOOLEAN NOT NULL DEFAULT 0")
        }
        m.registerMigration("feed_state_unjudged") { db in
            // When the feed's oldest listed edit not judged yet was last judged (FeedState.unjudgedSince).
            try db.execute(sql: "ALTER TABLE feed_state ADD COLUMN unjudged_since DATETIME")
        }
        m.registerMigration("story_body_title") { db in
            // The words of the title a body was carried under (StoryFingerprint.titleWords): a report re-posted under a
            // reworded headline is not boilerplate (StoryRegistry.isBoilerplate).
            try db.execute(sql: "ALTER TABLE story_body ADD COLUMN title INTEGER")
        }
        return m
    }()
}

/// `feed_state` as read back; it is written by `SQLiteStore.upsert`, which leaves the counters to `commit`.
struct FeedStateRow: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "feed_state"
    var feed: String
    var url: String
    var etag: String?
    var last_modified: String?
    var last_fetch: Date?
    var last_outcome: String?
    var last_error: String?
    var error_streak: Int
    var next_poll: Date?
    var articles_seen: Int
    var entries_edited: Int
    var edits_not_judged: Int
    var unjudged_since: Date?

    var state: FeedState {
        FeedState(feed: FeedID(feed), url: url, etag: etag, lastModified: last_modified, lastFetch: last_fetch,
                  lastOutcome: last_outcome, lastError: last_error, errorStreak: error_streak, nextPoll: next_poll,
                  articlesSeen: articles_seen, entriesEdited: entries_edited, editsNotJudged: edits_not_judged,
                  unjudgedSince: unjudged_since)
    }
}
