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

    /// One trouble, its log, and what it said.
    struct Watch {
        let said = RollCallTests.Said()
        let trouble = StoreWriteTrouble()
        var logger: Logger { Logger(label: "test") { [said] _ in said } }
        func failed(_ error: any Error, what: String = "the poll's entries", feed: String = "a") {
            trouble.failed(what, feed: FeedID(feed), error: error, logger: logger)
        }
        /// The lines said at these levels ("error", "notice", …), or all of them.
        func lines(_ levels: String...) -> [String] {
            said.messages.withLock { $0 }.filter { line in levels.isEmpty || levels.contains { line.hasPrefix($0 + " ") } }
        }
    }

    @Test func savesFailingAreSaidOnceAndTheirEnd() {
        let w = Watch()
        w.trouble.saved(logger: w.logger)
        #expect(w.lines().isEmpty, "nothing failed: nothing to say")
        for (feed, statement) in [("a", "COMMIT TRANSACTION"), ("b", "INSERT INTO article"), ("a", "UPDATE feed_state")] {
            w.failed(Full(statement: statement), feed: feed)
        }
        #expect(w.trouble.isFailing)
        w.failed(IOFailure(), what: "feed state", feed: "c")
        w.trouble.saved(logger: w.logger)
        w.trouble.saved(logger: w.logger)
        #expect(!w.trouble.isFailing)
        #expect(w.lines() == [
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
        let w = Watch()
        for cause in ["no connection free for 90 s (all 4 busy)", "no answer from the server in 90 s",
                      "connection refused: is the server running, and listening on that address and port?", "no answer from the server in 90 s",
                      "could not extend file (SQLSTATE 53100)",
                      // Back, but its certificate does not verify: another cause, said.
                      "TLS: the server's certificate has expired"] {
            w.failed(PostgresStoreError(server: "db:5432", cause: cause))
        }
        #expect(w.lines("error") == [
            "error the store refuses the daemon's writes; what is not saved is polled or judged again once it takes them (said once, and when it writes again)",
            "error the store refuses the daemon's writes for another cause",
            "error the store refuses the daemon's writes for another cause",
        ])
    }

    /// A feed's state stored alone ends the trouble (its notice said) unless the store refused room: an outage in a quiet
    /// night stayed "failing", and a later one of the same cause was said at debug only (review of this session, 7).
    @Test func aStateAloneEndsTheTroubleUnlessTheStoreIsFull() {
        let w = Watch()
        w.failed(IOFailure())
        w.trouble.savedStateAlone(logger: w.logger)
        w.failed(IOFailure())
        #expect(w.lines("error", "notice").count == 3)
        let full = Watch()
        full.failed(Full(statement: "INSERT INTO article"))
        full.trouble.savedStateAlone(logger: full.logger)
        full.failed(Full(statement: "INSERT INTO article"))
        #expect(full.lines("error", "notice").count == 1)
        #expect(full.trouble.isFailing)
    }
}
