@testable import Daemon
import Logging
import PostgresStore
import Testing
import WirewatchCore

/// A store that refuses the daemon's writes is said once, not three lines per feed per poll (trial3 finding 4:
/// 253 lines in 55 s for 20 feeds on a full disk): one error when the saves start failing, one when the cause
/// changes, one notice when a poll's entries are stored again; each failure meanwhile at debug.
@Suite struct StoreWriteTroubleTests {
    struct Full: Error, CustomStringConvertible {
        var statement: String
        var description: String { "SQLite error 13: database or disk is full - while executing `\(statement)`" }
    }

    struct IOFailure: Error, CustomStringConvertible {
        var description: String { "SQLite error 10: disk I/O error" }
    }

    @Test func savesFailingAreSaidOnceAndTheirEnd() {
        let said = RollCallTests.Said()
        let logger = Logger(label: "test") { _ in said }
        let trouble = StoreWriteTrouble()
        trouble.saved(logger: logger)
        #expect(said.messages.withLock { $0 }.isEmpty, "nothing failed: nothing to say")
        for (feed, statement) in [("a", "COMMIT TRANSACTION"), ("b", "INSERT INTO article"), ("a", "UPDATE feed_state")] {
            trouble.failed("the poll's entries", feed: FeedID(feed), error: Full(statement: statement), logger: logger)
        }
        #expect(trouble.isFailing)
        trouble.failed("feed state", feed: FeedID("c"), error: IOFailure(), logger: logger)
        trouble.saved(logger: logger)
        trouble.saved(logger: logger)
        #expect(!trouble.isFailing)
        #expect(said.messages.withLock { $0 } == [
            "error the store refuses the daemon's writes; what is not saved is polled or judged again once it takes them (said once, and when it writes again)",
            "debug cannot save the poll's entries",
            "debug cannot save the poll's entries",
            "error the store refuses the daemon's writes for another cause",
            "notice the store takes the daemon's writes again",
        ])
    }

    /// A PostgreSQL server that does not answer is one cause however its calls fail in turn; what it refuses with a
    /// SQLSTATE is another (review of the lead's mends, 12).
    @Test func aSilentDatabaseServerIsOneCause() {
        let said = RollCallTests.Said()
        let logger = Logger(label: "test") { _ in said }
        let trouble = StoreWriteTrouble()
        for cause in ["no connection free for 90 s (all 4 busy)", "no answer from the server in 90 s",
                      "connection refused: is the server running, and listening on that address and port?", "no answer from the server in 90 s"] {
            trouble.failed("the poll's entries", feed: FeedID("a"), error: PostgresStoreError(server: "db:5432", cause: cause), logger: logger)
        }
        trouble.failed("the poll's entries", feed: FeedID("a"),
                       error: PostgresStoreError(server: "db:5432", cause: "could not extend file (SQLSTATE 53100)"), logger: logger)
        // Back, but its certificate does not verify: another cause, said.
        trouble.failed("the poll's entries", feed: FeedID("a"),
                       error: PostgresStoreError(server: "db:5432", cause: "TLS: the server's certificate has expired"), logger: logger)
        #expect(said.messages.withLock { $0 }.filter { $0.hasPrefix("error") } == [
            "error the store refuses the daemon's writes; what is not saved is polled or judged again once it takes them (said once, and when it writes again)",
            "error the store refuses the daemon's writes for another cause",
            "error the store refuses the daemon's writes for another cause",
        ])
    }

    /// A feed's state stored alone ends the trouble (its notice said) unless the store refused room: an outage in a quiet
    /// night stayed "failing", and a later one of the same cause was said at debug only (review of this session, 7).
    @Test func aStateAloneEndsTheTroubleUnlessTheStoreIsFull() {
        let said = RollCallTests.Said()
        let logger = Logger(label: "test") { _ in said }
        let trouble = StoreWriteTrouble()
        trouble.failed("the poll's entries", feed: FeedID("a"), error: IOFailure(), logger: logger)
        trouble.savedStateAlone(logger: logger)
        trouble.failed("the poll's entries", feed: FeedID("a"), error: IOFailure(), logger: logger)
        #expect(said.messages.withLock { $0 }.filter { $0.hasPrefix("error") || $0.hasPrefix("notice") }.count == 3)
        trouble.saved(logger: logger)
        said.messages.withLock { $0 = [] }
        trouble.failed("the poll's entries", feed: FeedID("a"), error: Full(statement: "INSERT INTO article"), logger: logger)
        trouble.savedStateAlone(logger: logger)
        trouble.failed("the poll's entries", feed: FeedID("a"), error: Full(statement: "INSERT INTO article"), logger: logger)
        #expect(said.messages.withLock { $0 }.filter { $0.hasPrefix("error") || $0.hasPrefix("notice") }.count == 1)
        #expect(trouble.isFailing)
    }
}
