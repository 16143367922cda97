import Delivery
import Foundation
import Store
import Synchronization

/// One commit's alert admission, remembering what it let through. An alert's final id
/// (its story's, or a later throttle window's) is settled inside the commit, so the poll
/// counts what was admitted, not the candidates: those counted a throttled burst once per
/// article, and missed an alert whose id the admission changed.
final class AdmittedAlerts: OutboxAdmission {
    private let admission = AlertAdmission()
    private let admitted = Mutex<[OutboxAlert]>([])

    func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert? {
        let alert = try admission.admit(candidate, ledger: ledger, now: now)
        if let alert { admitted.withLock { $0.append(alert) } }
        return alert
    }

    /// The admitted alerts the commit created (its returned `ids`), once each.
    func created(_ ids: Set<String>) -> [FeedPoll.CreatedAlert] {
        var seen: Set<String> = []
        return admitted.withLock { $0 }.filter { ids.contains($0.record.id) && seen.insert($0.record.id).inserted }
            .map { FeedPoll.CreatedAlert(id: $0.record.id, rule: $0.record.rule, severity: $0.record.severity) }
    }
}
