import Delivery
import Logging
import PostgresStore
import Synchronization
import WirewatchCore

/// Whether the store refuses the daemon's writes, said once: one error line when its saves start failing
/// (with the cause), one more only when the cause changes, and one notice when a poll's entries are stored again;
/// each failure meanwhile at debug. A full disk under the store logged three lines per feed per poll
/// ("cannot save feed schedule", "feed failed … store:", "cannot save feed state"), on every poll, for as
/// long as it lasted (trial3 finding 4). Judged as a sink's failing is (`SinkTrouble`), one save at a time.
/// Shared by the polls and the scheduler.
final class StoreWriteTrouble: Sendable {
    private let state = Mutex(SinkTrouble())

    /// Whether saves are failing now (a poll's own "feed failed" for the store then goes at debug).
    var isFailing: Bool { state.withLock { $0.cause != nil } }

    /// A save of `what` failed.
    func failed(_ what: String, feed: FeedID, error: any Error, logger: Logger) {
        let reason = "\(error)"
        let metadata: Logger.Metadata = ["feed": "\(feed)", "error": "\(reason)"]
        switch state.withLock({ $0.settle(delivered: 0, failures: [Self.cause(of: error)]) }) {
        case .failing?:
            logger.error("""
                the store refuses the daemon's writes; what is not saved is polled or judged again once it takes them \
                (said once, and when it writes again)
                """, metadata: metadata)
        case .failingForAnotherCause(_, let was, _)?:
            logger.error("the store refuses the daemon's writes for another cause", metadata: metadata.merging(["was": "\(was)"]) { a, _ in a })
        case .deliversAgain?, .failedOnce?, nil:
            logger.debug("cannot save \(what)", metadata: metadata)
        }
    }

    /// What makes two failures one cause: a PostgreSQL server that does not answer is one cause whichever way its
    /// calls failed (no free connection, no answer, a refused connect, alternating through an outage, each said "for
    /// another cause"; review of the lead's mends, 12); what the server itself refused (with its SQLSTATE) is its own.
    static func cause(of error: any Error) -> String {
        if let postgres = error as? PostgresStoreError, silence.contains(where: postgres.cause.hasPrefix) {
            return "\(postgres.server): the database server does not answer"
        }
        return "\(error)"
    }

    /// The starts of the causes a silent server gives, one call or another (PostgresConnections, PostgresSession,
    /// PostgresConnectFailure): only these, not a certificate that does not verify once it is back (review of this
    /// session, 5).
    private static let silence = ["no connection free for", "no answer from the server", "no answer to a new connection",
                                  "connection refused", "the connection timed out", "no route to the host", "the connection was closed"]

    /// A feed's state alone was stored (a poll with nothing new): the store takes writes again, unless what it
    /// refused was room: a small write goes through on a store too full for a poll's entries, and said so, the log
    /// went error, notice, error between the feeds that had entries (review of the lead's mends, 2). Not ended by
    /// these, an outage in a quiet night left the trouble failing, and a later one of the same cause was said at
    /// debug only (review of this session, 7).
    func savedStateAlone(logger: Logger) {
        let full = state.withLock { t in t.cause.map(Self.isRoom) ?? false }
        if !full { saved(logger: logger) }
    }

    /// Whether a cause is the store's room: SQLite's full disk, the system's, PostgreSQL's disk full (53100).
    static func isRoom(_ cause: String) -> Bool {
        ["disk is full", "No space left on device", "SQLSTATE 53100", "Disk quota exceeded"].contains { cause.contains($0) }
    }

    /// A poll's entries were stored.
    func saved(logger: Logger) {
        guard case .deliversAgain(let failed)? = state.withLock({ $0.settle(delivered: 1, failures: []) }) else { return }
        logger.notice("the store takes the daemon's writes again", metadata: ["failed_saves": "\(failed)"])
    }
}
