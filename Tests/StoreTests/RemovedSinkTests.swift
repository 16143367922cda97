import Foundation
import Testing
import WirewatchCore
import Store

/// Deliveries to a sink that left the config are dead-lettered at the start, each with what
/// really happened to it: one never tried shows no first attempt.
@Suite struct RemovedSinkTests {
    let t0 = StoreFile.start

    @Test func aDeliveryNeverTriedHasNoFirstAttempt() throws {
        let s = try StoreFile()
        let ids = try s.poll("f", fresh: ["a", "b"], alerts: true, sinks: ["log", "hook"], at: t0)
        let (tried, untried) = (ids[0], ids[1])
        try s.store.markFailed(alert: tried, sink: "hook", error: "503", retryAt: t0.addingTimeInterval(60), now: t0)
        let later = t0.addingTimeInterval(3600)
        #expect(try s.store.deadLetterPending(exceptSinks: ["log"], now: later) == ["hook": 2])
        let letters = Dictionary(uniqueKeysWithValues: try s.store.deadLetters(limit: 10).map { ($0.alert, $0) })
        #expect(letters[untried]?.attempts == 0)
        #expect(letters[untried]?.firstAttempt == nil)
        #expect(letters[tried]?.attempts == 1)
        #expect(letters[tried]?.firstAttempt == t0)
        #expect(letters.values.allSatisfy { $0.deadAt == later && $0.lastError == "sink 'hook' is no longer in the config" })
    }
}
