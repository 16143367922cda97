import Foundation
import Testing
@testable import Daemon

/// When `/readyz` says the store does not answer: once it has not answered for `patience`, whether its checks
/// failed or one hangs; one failed check is not enough, and one answer brings it back.
@Suite struct StoreHealthTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_403_200)
    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    @Test func failingChecksMakeItDownOnlyPastThePatienceAndOneAnswerBringsItBack() {
        var h = StoreHealth(start: Self.t0)
        #expect(h.problem(now: Self.at(30)) == nil, "no check yet: the store answered at its opening")
        h.began(at: Self.at(5))
        h.answered(at: Self.at(5))
        h.began(at: Self.at(10))
        h.failed("SQLite error 5: database is locked\n(retry)", at: Self.at(20))
        #expect(h.problem(now: Self.at(20)) == nil)
        #expect(h.problem(now: Self.at(24.9)) == nil)
        #expect(h.problem(now: Self.at(25)) == "the store has not answered for 20 s: SQLite error 5: database is locked (retry)")
        h.began(at: Self.at(25))
        h.answered(at: Self.at(26))
        #expect(h.problem(now: Self.at(26)) == nil)
        #expect(h.problem(now: Self.at(45)) == nil)
    }

    @Test func aCheckThatHangsMakesItDownPastThePatience() {
        var h = StoreHealth(start: Self.t0)
        h.began(at: Self.at(5))
        #expect(h.problem(now: Self.at(19)) == nil)
        #expect(h.problem(now: Self.at(32)) == "the store has not answered for 32 s (a check has waited 27 s)")
        h.failed("postgres db:5432 database w: no answer from the server in 90 s", at: Self.at(95))
        #expect(h.problem(now: Self.at(95)) == "the store has not answered for 95 s: postgres db:5432 database w: no answer from the server in 90 s")
    }

    /// On PostgreSQL the check waits in line for one of the daemon's connections, each wait bounded by
    /// `store.time_limit`: a check that waits is not a store that is down until that limit has passed;
    /// a check that fails still is after the patience.
    @Test func aCheckWaitingWithinTheStoresTimeLimitIsNotDown() {
        var h = StoreHealth(start: Self.t0, timeLimit: 90)
        h.began(at: Self.at(5))
        #expect(h.problem(now: Self.at(60)) == nil)
        #expect(h.problem(now: Self.at(89.9)) == nil)
        #expect(h.problem(now: Self.at(90)) == "the store has not answered for 90 s (a check has waited 85 s)")
        h.answered(at: Self.at(91))
        h.began(at: Self.at(96))
        h.failed("postgres db:5432 database w: the server is a standby (in recovery): it takes no writes", at: Self.at(97))
        #expect(h.problem(now: Self.at(110.9)) == nil)
        #expect(h.problem(now: Self.at(111)) != nil)
        #expect(StoreHealth(start: Self.t0, timeLimit: 5).waitLimit == StoreHealth.patience)
    }
}
