import Synchronization

/// The last STATUS= sent, so an unchanged line is not sent again.
final class StatusLine: Sendable {
    private let last = Mutex<String?>(nil)

    /// Makes the line and sends it when it differs from the one before, under one lock: a poll and
    /// the refresh after deliveries (`StatusRefresh`) cannot send their lines in another order than
    /// they made them, leaving the older count in place.
    func sendIfChanged(_ make: () -> String, _ send: (String) -> Void) {
        last.withLock { old in
            let line = make()
            if line != old {
                old = line
                send(line)
            }
        }
    }
}
