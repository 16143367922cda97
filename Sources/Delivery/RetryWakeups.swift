import Foundation
import Synchronization

/// When a worker's retries fall due, so that it wakes for each rather than at its next look a second later:
/// looked for once a second, a retry's delay was rounded up to whole seconds and never under one, so the
/// deliveries that failed together all retried together after `initial: 1s`, whatever the jitter drew
/// (exploratory finding). At most `capacity` are kept, the soonest; one forgotten is found by the next look.
final class RetryWakeups: Sendable {
    static let capacity = 4096
    private let times = Mutex<[Date]>([])   // ascending

    func add(_ time: Date) {
        times.withLock { t in
            let i = t.firstIndex { $0 > time } ?? t.endIndex
            guard i < Self.capacity else { return }
            t.insert(time, at: i)
            if t.count > Self.capacity { t.removeLast() }
        }
    }

    /// How long to wait, at most `limit`, for the next retry to fall due after `now`; the retries due by
    /// `now` are forgotten (the look that follows the wait finds them), and one already due asks for no wait.
    func wait(now: Date, atMost limit: TimeInterval) -> TimeInterval {
        times.withLock { t in
            let due = t.firstIndex { $0 > now } ?? t.endIndex
            t.removeFirst(due)
            if due > 0 { return 0 }
            return t.first.map { min(limit, $0.timeIntervalSince(now)) } ?? limit
        }
    }
}
