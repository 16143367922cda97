import Synchronization

/// The last STATUS= sent, so an unchanged line is not sent again. Every STATUS= goes through it, READY=1's
/// too: a line sent past it (a reload's) left it comparing with a line systemd no longer showed, and the
/// true line, equal to that one, was never sent ("0 deliveries pending" while 7 failed; review of follow, 2).
final class StatusLine: Sendable {
    private let last = Mutex<String?>(nil)

    /// Makes the line and sends it when it differs from the one before (or always, with `force`), under one
    /// lock: a poll and the refresh after deliveries (`StatusRefresh`) cannot send their lines in another
    /// order than they made them, leaving the older count in place.
    func send(force: Bool = false, _ make: () -> String, _ send: (String) -> Void) {
        last.withLock { old in
            let line = make()
            if force || line != old {
                old = line
                send(line)
            }
        }
    }
}
