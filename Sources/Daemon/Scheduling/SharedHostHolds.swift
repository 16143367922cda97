import Foundation
import Logging
import Store
import WirewatchCore
import Synchronization

/// The host holds other daemons on a shared store saved (a 429's Retry-After), so that a host which asked
/// one daemon for a pause is paused by all of them while they run, not only by those started since.
///
/// The store is read by a poll's own task before it claims its feed, never by the scheduler's loop: a
/// server that does not answer blocks that task for up to `store.time_limit`, as the feed claim beside it
/// would, while the loop keeps turning (and the watchdog keeps hearing from it). At most one read is under
/// way, at most one every `every` seconds; polls starting meanwhile go by the holds last read. A read that
/// fails keeps those, and is said once until a read succeeds.
final class SharedHostHolds: Sendable {
    static let every: TimeInterval = 5

    private struct State {
        var holds: [String: Date] = [:]
        var readAt: Date?
        var reading = false
        var failing = false
    }

    private let read: @Sendable (Date) throws -> [HostHold]
    private let logger: Logger
    private let state = Mutex(State())

    /// `read`: the store's holds at a time (`FeedScheduleStore.hostHolds`).
    init(read: @escaping @Sendable (Date) throws -> [HostHold], logger: Logger) {
        self.read = read
        self.logger = logger
    }

    /// Reads the store again when the last read is `every` seconds old and no other is under way; blocks for that read.
    func refresh(now: Date) {
        let due = state.withLock { s -> Bool in
            if s.reading { return false }
            if let at = s.readAt, now >= at, now.timeIntervalSince(at) < Self.every { return false }
            s.reading = true
            s.readAt = now
            return true
        }
        guard due else { return }
        do {
            let read = try read(now)
            let recovered = state.withLock { s -> Bool in
                for hold in read { s.holds[hold.host] = max(s.holds[hold.host] ?? hold.until, hold.until) }
                s.holds = s.holds.filter { $0.value > now }
                s.reading = false
                defer { s.failing = false }
                return s.failing
            }
            if recovered { logger.notice("the store answers for the shared host holds again") }
        } catch {
            let first = state.withLock { s -> Bool in
                s.reading = false
                defer { s.failing = true }
                return !s.failing
            }
            if first {
                logger.warning("cannot read the host holds other daemons saved; going by those read before, read again every \(Int(Self.every)) s",
                               metadata: ["error": "\(error)"])
            }
        }
    }

    /// Whether a read is under way.
    var isReading: Bool { state.withLock { $0.reading } }

    /// The holds known now, by host.
    func known(now: Date) -> [String: Date] { state.withLock { $0.holds.filter { $0.value > now } } }

    /// When `host`'s hold ends, if it holds at `now`.
    func held(_ host: String?, now: Date) -> Date? {
        guard let host else { return nil }
        return state.withLock { s in s.holds[host].flatMap { $0 > now ? $0 : nil } }
    }
}
