import Synchronization

/// The last STATUS= sent, so an unchanged line is not sent again.
final class StatusLine: Sendable {
    private let last = Mutex<String?>(nil)

    /// Stores `line`; true when it differs from the one before.
    func replace(with line: String) -> Bool {
        last.withLock { old in
            defer { old = line }
            return old != line
        }
    }
}
