import Foundation
import Store

extension DeliveryWorker {
    /// A digest already begun goes again with the same alerts, so its idempotency key holds: its deliveries
    /// carry the first attempt's time, stamped before it was first sent, also when the daemon stopped before
    /// their outcome was recorded (trial3 finding 12: regrouped with the alerts raised meanwhile, a digest the
    /// receiver had taken went again under another key, 26 of 390 alerts twice over ten kills). Otherwise
    /// everything due goes once the oldest has waited the digest window.
    func sendDigest(_ due: [PendingDelivery], window: TimeInterval, now: Date) async throws -> Int {
        let begun = due.filter { $0.attempts > 0 || $0.firstAttempt != nil }
        // The oldest digest begun, alone (one stopped by a crash and one tried since may both wait).
        var batch = begun.compactMap(\.firstAttempt).min().map { first in begun.filter { $0.firstAttempt == first } } ?? begun
        if batch.isEmpty {
            guard let oldest = due.compactMap(\.queuedAt).min(), now >= oldest.addingTimeInterval(window) else { return 0 }
            batch = due
            try store.markDigestBegun(alerts: batch.map(\.record.id), sink: sink.id, now: now)
        }
        var outcome = await sink.deliver(digest: batch.map(\.record))
        if outcome == .delivered { outcome = await sink.flush() }
        // One random draw for the whole digest keeps its alerts together on retry.
        let random = Double.random(in: 0..<1)
        // One request, one attempt: a failed digest of three alerts counted three, and said the sink failing at once
        // (review of this session, 3).
        if let first = batch.first { sayTrouble([(first, outcome)]) }
        if outcome == .delivered { try recordDelivered(batch) } else {
            try await hold(batch.map { ($0, outcome) })
            for d in batch { try record(d, outcome, random: random) }
            if case .pauseSink = outcome, batch.count < due.count { handBack(due, started: batch) }
        }
        return batch.count
    }
}
