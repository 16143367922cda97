import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// The outbox (SQLiteStore+Outbox.swift): alerts committed with the articles that raised them, one
/// delivery row per (alert, sink). What differs is sharing: `dueDeliveries` claims what it returns
/// for this daemon, so two daemons' delivery crews never take the same delivery.
extension PostgresStore {
    @discardableResult
    public func commit(_ batch: ArticleBatch, now: Date, admission: (any OutboxAdmission)?) throws -> [String] {
        let encoder = JSONEncoder()
        return try connections.transaction { s in
            try s.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.admissionLock))")
            try Self.upsert(batch.state, s)
            let ledger = PostgresLedger(session: s)
            var created: [String] = []
            for item in batch.items {
                let a = item.article
                let joined = try Self.markSeen(item, feed: batch.feed, s, now: now)
                // SQLite's INSERT OR REPLACE: a stored article written again is new, and last in its commit's order.
                try s.run("""
                    INSERT INTO article (id, feed, url, title, published, stored_at, body)
                    VALUES (\(a.id), \(a.feed.rawValue), \(a.url), \(a.title), \(a.published), \(now), \(try encoder.encode(a)))
                    ON CONFLICT (id) DO UPDATE SET seq = nextval(pg_get_serial_sequence('article', 'seq')), feed = excluded.feed,
                        url = excluded.url, title = excluded.title, published = excluded.published, stored_at = excluded.stored_at,
                        body = excluded.body
                    """)
                for var candidate in item.alerts {
                    if let joined { candidate.claim?.joinedStory = joined }
                    guard let alert = try admission.map({ try $0.admit(candidate, ledger: ledger, now: now) }) ?? candidate else {
                        continue
                    }
                    guard try Self.enqueue(alert, s, now: now) else { continue }
                    created.append(alert.record.id)
                }
                try Self.rememberStory(of: item, feed: batch.feed, s)
            }
            try s.run("""
                UPDATE feed_state SET articles_seen = articles_seen + \(batch.items.filter { $0.edit == nil }.count)
                WHERE feed = \(batch.feed.rawValue)
                """)
            try Self.recordRevisions(batch, s)
            if let listing = batch.listing { try Self.refresh(listing, feed: batch.feed, s, now: now) }
            return created
        }
    }

    /// Enters `alert` with one pending delivery per sink; false when its id is known already.
    static func enqueue(_ alert: OutboxAlert, _ s: PostgresSession, now: Date) throws -> Bool {
        let inserted = try s.run("""
            INSERT INTO alert (id, rule, story, created, record)
            VALUES (\(alert.record.id), \(alert.record.rule), \(alert.record.story), \(now), \(try alert.record.jsonLine()))
            ON CONFLICT DO NOTHING
            """)
        guard inserted > 0 else { return false }
        for sink in alert.sinks {
            try s.run("""
                INSERT INTO delivery (alert, sink, state, attempts, next_attempt, queued)
                VALUES (\(alert.record.id), \(sink), 'pending', 0, \(now), \(now))
                ON CONFLICT DO NOTHING
                """)
        }
        return true
    }

    /// Pending deliveries for `sink` due at `now`, oldest first, claimed for this daemon until
    /// `now + claimLease(for: sink)`. Rows another daemon holds (claimed, or being claimed this instant) are
    /// passed over; this daemon's own claims come again, as SQLite's rows do until they are marked.
    public func dueDeliveries(sink: String, now: Date, limit: Int) throws -> [PendingDelivery] {
        let until = now.addingTimeInterval(claimLease(for: sink))
        return try connections.withSession { s in
            try s.rows("""
                WITH due AS (
                    SELECT alert, sink FROM delivery
                    WHERE sink = \(sink) AND state = 'pending' AND next_attempt <= \(now)
                        AND (claimed_until IS NULL OR claimed_until <= \(now) OR claimed_by = \(owner))
                    ORDER BY queued, alert LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                UPDATE delivery d SET claimed_by = \(owner), claimed_until = \(until)
                FROM due, alert a
                WHERE d.alert = due.alert AND d.sink = due.sink AND a.id = d.alert
                RETURNING a.record, a.created, a.id, d.attempts, d.first_attempt
                """).map { row in
                (PendingDelivery(record: try AlertRecord.decode(line: try row.get("record")), sink: sink,
                                 attempts: try row.get("attempts"), firstAttempt: try row.get("first_attempt"),
                                 queuedAt: try row.get("created")),
                 try row.get("id", as: String.self))
            }
            // RETURNING keeps no order: oldest first, as SQLite's.
            .sorted { ($0.0.queuedAt ?? .distantPast, $0.1) < ($1.0.queuedAt ?? .distantPast, $1.1) }
            .map(\.0)
        }
    }

    public func markDigestBegun(alerts: [String], sink: String, now: Date) throws {
        guard !alerts.isEmpty else { return }
        try connections.transaction { s in
            try s.run("""
                UPDATE delivery SET first_attempt = \(now)
                WHERE alert = ANY(\(alerts)) AND sink = \(sink) AND state = 'pending' AND first_attempt IS NULL
                """)
        }
    }

    // markDelivered, markFailed and requeueDead run in a transaction though each is one statement:
    // alone it is the whole autocommitted write, and a connection lost before its answer came may
    // have committed it, so the pool must not run it again (attempts would count twice, requeueDead
    // would report 0). Inside BEGIN it is not a session's first statement, so it is not retried.
    public func markDelivered(alert: String, sink: String, now: Date) throws {
        try connections.transaction { s in
            try s.run("""
                UPDATE delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = \(now), last_error = NULL,
                       first_attempt = COALESCE(first_attempt, \(now)), claimed_by = NULL, claimed_until = NULL,
                       next_attempt = 'infinity'
                WHERE alert = \(alert) AND sink = \(sink)
                """)
        }
    }

    /// Only a pending delivery no other daemon has claimed since: a daemon reporting after its claim
    /// ran out must not undo the new owner's outcome (queue a delivered alert a third time, or
    /// dead-letter what it will retry), nor free the new owner's claim. So the claim ends but its
    /// owner stays (`dueDeliveries` reads a NULL `claimed_until` as free): were `claimed_by` cleared,
    /// the new owner's retry would look unclaimed to the late daemon.
    public func markFailed(alert: String, sink: String, error: String, retryAt: Date?, now: Date) throws {
        try connections.transaction { s in
            try s.run("""
                UPDATE delivery SET state = \(retryAt == nil ? "dead" : "pending"), attempts = attempts + 1,
                       next_attempt = COALESCE(\(retryAt)::timestamptz, 'infinity'), last_error = \(error),
                       first_attempt = COALESCE(first_attempt, \(now)), dead_at = \(retryAt == nil ? now : nil),
                       last_attempt = \(now), claimed_until = NULL
                WHERE alert = \(alert) AND sink = \(sink) AND state = 'pending' AND (claimed_by IS NULL OR claimed_by = \(owner))
                """)
        }
    }

    public func deliveryCounts() throws -> DeliveryCounts {
        try connections.withSession { s in
            var c = DeliveryCounts()
            for row in try s.rows("SELECT state, COUNT(*) AS n FROM delivery GROUP BY state") {
                let n: Int = try row.get("n")
                switch try row.get("state", as: String.self) {
                case "pending": c.pending = n
                case "delivered": c.delivered = n
                default: c.dead = n
                }
            }
            return c
        }
    }

    public func deadLetters(limit: Int) throws -> [DeadLetter] {
        try connections.withSession { s in
            try s.rows("""
                SELECT d.alert, d.sink, a.rule, a.record, d.attempts, d.last_error, d.first_attempt, d.dead_at
                FROM delivery d JOIN alert a ON a.id = d.alert
                WHERE d.state = 'dead' ORDER BY d.dead_at DESC NULLS LAST, d.alert LIMIT \(limit)
                """).map { row in
                let title = (try? AlertRecord.decode(line: try row.get("record")))?.article.title ?? ""
                return DeadLetter(alert: try row.get("alert"), sink: try row.get("sink"), rule: try row.get("rule"), title: title,
                                  attempts: try row.get("attempts"), lastError: try row.get("last_error"),
                                  firstAttempt: try row.get("first_attempt"), deadAt: try row.get("dead_at"))
            }
        }
    }

    @discardableResult
    public func requeueDead(alert: String?, sink: String?, now: Date) throws -> Int {
        try connections.transaction { s in
            try s.run("""
                UPDATE delivery SET state = 'pending', attempts = 0, first_attempt = NULL, next_attempt = \(now), dead_at = NULL,
                       claimed_by = NULL, claimed_until = NULL, last_error = NULL, last_attempt = NULL
                WHERE state = 'dead' AND (\(alert)::text IS NULL OR alert = \(alert)) AND (\(sink)::text IS NULL OR sink = \(sink))
                """)
        }
    }
}
