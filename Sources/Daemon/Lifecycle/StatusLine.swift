import Synchronization

/// systemd's STATUS= line, sent when it changed. Every STATUS= goes through it, READY=1's too: a line sent past it
/// (a reload's) left it comparing with a line systemd no longer showed, and the true line, equal to that one, was
/// never sent ("0 deliveries pending" while 7 failed; review of follow, 2).
///
/// One caller at a time makes the line (making it counts pending deliveries in the store, which may wait on
/// PostgreSQL for `store.time_limit`), outside the lock; a caller that asks meanwhile returns at once, and the maker
/// makes the line again once it has sent its own. So the last line sent is always made after the last ask, and no
/// poll's end waits on another's store read (review of follow, 7; a line made from an earlier reading than one
/// already sent could be dropped, or a READY=1 send an older count last; review of this session, 1).
final class StatusLine: Sendable {
    private struct State {
        var making = false
        /// Asked since the maker began its line.
        var asked = false
        /// READY=1 is to go with the next line sent (a start, or a reload's end).
        var ready = false
        var line: String?
    }

    private let state = Mutex(State())

    /// Asks for the line (with READY=1 when `ready`): `make` makes it, `status` sends it as STATUS= when it changed,
    /// `sendReady` with READY=1 whatever it is. Each caller gives all three; only the maker's are called.
    func ask(ready: Bool = false, _ make: () -> String, status: (String) -> Void, sendReady: (String) -> Void) {
        let maker = state.withLock { s -> Bool in
            s.asked = true
            if ready { s.ready = true }
            guard !s.making else { return false }
            s.making = true
            return true
        }
        guard maker else { return }
        var again = true
        while again {
            state.withLock { $0.asked = false }
            let line = make()
            again = state.withLock { s -> Bool in
                if s.ready {
                    s.ready = false
                    s.line = line
                    sendReady(line)
                } else if line != s.line {
                    s.line = line
                    status(line)
                }
                if s.asked { return true }
                s.making = false
                return false
            }
        }
    }
}
