import Foundation
import GRDB

/// The story registry and the throttle memory, read and written inside one
/// commit's transaction.
struct SQLiteLedger: OutboxLedger {
    let db: Database

    func fingerprints(sharingABandWith fingerprint: UInt64, since: Date) throws -> [KnownFingerprint] {
        let b = FingerprintBands.of(fingerprint)
        return try Row.fetchAll(db, sql: """
            SELECT fingerprint, story, last_seen FROM story_fingerprint
            WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) AND last_seen >= ?
            """, arguments: [b[0], b[1], b[2], b[3], since]).map { row in
            KnownFingerprint(fingerprint: UInt64(bitPattern: row["fingerprint"]), story: row["story"], lastSeen: row["last_seen"])
        }
    }

    func remember(fingerprint: UInt64, story: String, now: Date) throws {
        let b = FingerprintBands.of(fingerprint)
        try db.execute(sql: """
            INSERT INTO story_fingerprint (fingerprint, story, band0, band1, band2, band3, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(fingerprint) DO UPDATE SET last_seen = excluded.last_seen
            """, arguments: [Int64(bitPattern: fingerprint), story, b[0], b[1], b[2], b[3], now, now])
    }

    func throttleMemory(rule: String, key: String) throws -> ThrottleMemory? {
        try Row.fetchOne(db, sql: "SELECT alert, raised FROM alert_throttle WHERE rule = ? AND key = ?",
                         arguments: [rule, key]).map { ThrottleMemory(alert: $0["alert"], raised: $0["raised"]) }
    }

    func rememberAlert(rule: String, key: String, alert: String, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO alert_throttle (rule, key, alert, raised) VALUES (?, ?, ?, ?)
            ON CONFLICT(rule, key) DO UPDATE SET alert = excluded.alert, raised = excluded.raised, suppressed = 0
            """, arguments: [rule, key, alert, now])
    }

    func alertRaised(_ id: String) throws -> Date? {
        try Date.fetchOne(db, sql: "SELECT created FROM alert WHERE id = ?", arguments: [id])
    }

    func countSuppressed(rule: String, key: String) throws {
        try db.execute(sql: "UPDATE alert_throttle SET suppressed = suppressed + 1 WHERE rule = ? AND key = ?",
                       arguments: [rule, key])
    }
}
