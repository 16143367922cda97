import Foundation
import Store
import Testing
import WirewatchCore

/// A story still in the news keeps its throttle memory: pruned by age alone, a windowless
/// `per: story` rule alerted on the running story again, under its first alert's id.
@Suite struct StoryThrottleRetentionTests {
    let t0 = StoreFile.start
    func days(_ d: Double) -> Date { t0.addingTimeInterval(d * 86400) }

    @Test func aStoryStillSeenKeepsItsThrottleMemory() throws {
        let s = try StoreFile()
        try s.execute("""
            INSERT INTO story_fingerprint (fingerprint, story, band0, band1, band2, band3, first_seen, last_seen)
            VALUES (1, 'running', 0, 0, 0, 1, ?, ?)
            """, [t0, days(95)])
        // 'quiet' has no fingerprint left (silent for a week): its memory goes with its alerts, as
        // does a per-article memory; 'running' was seen yesterday and keeps its own.
        try s.execute("INSERT INTO alert_throttle (rule, key, alert, raised) VALUES ('r', 'running', 'x', ?), ('r', 'quiet', 'y', ?), ('r', 'article:a1', 'z', ?)",
                      [t0, t0, t0])
        let result = try s.sweep(PruneCutoffs(throttles: days(90)))
        #expect(result.deleted[.throttles] == 2)
        #expect(try s.count("SELECT COUNT(*) FROM alert_throttle WHERE key = 'running'") == 1)
    }
}
