import Logging
import Synchronization
import WirewatchCore

/// Whether the store refuses the daemon's writes, said once: one error line when its saves start failing
/// (with the cause), one more only when the cause changes, and one notice when a poll's entries are stored again;
/// each failure meanwhile at debug. A full disk under the store logged three lines per feed per poll
/// ("cannot save feed schedule", "feed failed … store:", "cannot save feed state"), on every poll, for as
/// long as it lasted (trial3 finding 4). Shared by the polls and the scheduler.
final class StoreWriteTrouble: Sendable {
    private struct State {
        var cause: String?
        var failed = 0
    }

    private let state = Mutex(State())

    /// Whether saves are failing now (a poll's own "feed failed" for the store then goes at debug).
    var isFailing: Bool { state.withLock { $0.cause != nil } }

    /// A save of `what` failed.
    func failed(_ what: String, feed: FeedID, error: any Error, logger: Logger) {
        let reason = "\(error)"
        let cause = Self.cause(of: reason)
        let said = state.withLock { s -> String?? in
            defer { (s.cause, s.failed) = (cause, s.failed + 1) }
            return s.cause == cause ? .none : .some(s.cause)
        }
        let metadata: Logger.Metadata = ["feed": "\(feed)", "error": "\(reason)"]
        switch said {
        case .none:
            logger.debug("cannot save \(what)", metadata: metadata)
        case .some(.none):
            logger.error("""
                the store refuses the daemon's writes; what is not saved is polled or judged again once it takes them \
                (said once, and when it writes again)
                """, metadata: metadata)
        case .some(.some(let was)):
            logger.error("the store refuses the daemon's writes for another cause", metadata: metadata.merging(["was": "\(was)"]) { a, _ in a })
        }
    }

    /// A poll's entries were stored.
    func saved(logger: Logger) {
        let failed = state.withLock { s -> Int? in
            guard s.cause != nil else { return nil }
            defer { (s.cause, s.failed) = (nil, 0) }
            return s.failed
        }
        if let failed { logger.notice("the store takes the daemon's writes again", metadata: ["failed_saves": "\(failed)"]) }
    }

    /// What makes two failures one cause: SQLite's text without the statement it was running
    /// ("SQLite error 13: database or disk is full - while executing `COMMIT TRANSACTION`").
    static func cause(of reason: String) -> String {
        reason.range(of: " - while executing").map { String(reason[..<$0.lowerBound]) } ?? reason
    }
}
