import Synchronization

/// The last STATUS= sent, so an unchanged line is not sent again. Every STATUS= goes through it, READY=1's
/// too: a line sent past it (a reload's) left it comparing with a line systemd no longer showed, and the
/// true line, equal to that one, was never sent ("0 deliveries pending" while 7 failed; review of follow, 2).
final class StatusLine: Sendable {
    private struct Sent {
        /// Tickets handed out, one per line asked for, in the order they were asked.
        var asked: UInt64 = 0
        /// The newest ticket whose line was judged (sent, or found unchanged).
        var judged: UInt64 = 0
        var line: String?
    }

    private let state = Mutex(Sent())

    /// Makes the line and sends it when it differs from the one before (or always, with `force`). The line
    /// is made outside the lock, as making it reads the store (a count that may wait on PostgreSQL for
    /// `store.time_limit`), and every poll's end would queue behind it (review of follow, 7); a line made
    /// from an older reading than one already judged is dropped, so a poll and the refresh after
    /// deliveries (`StatusRefresh`) never leave the older count in place. A forced line (READY=1's) is
    /// always sent.
    func send(force: Bool = false, _ make: () -> String, _ send: (String) -> Void) {
        let ticket = state.withLock { sent in
            sent.asked += 1
            return sent.asked
        }
        let line = make()
        state.withLock { sent in
            let newest = ticket > sent.judged
            guard force || (newest && line != sent.line) else {
                if newest { sent.judged = ticket }
                return
            }
            if newest { sent.judged = ticket }
            sent.line = line
            send(line)
        }
    }
}
