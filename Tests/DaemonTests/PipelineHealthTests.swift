import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// When the watchdog may ping: only while the loop turns on time and no poll hangs.
@Suite struct PipelineHealthTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_403_200)

    @Test func healthOverTime() {
        var h = PipelineHealth(grace: 30)
        #expect(h.problem(now: Self.t0) == "the scheduler has not started")
        h.loopTurned(nextTurn: Self.t0.addingTimeInterval(60))
        #expect(h.problem(now: Self.t0) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(90)) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(91)) == "the scheduler loop is 31s overdue")
        h.loopTurned(nextTurn: Self.t0.addingTimeInterval(150))
        h.pollStarted(FeedID("slow"), at: Self.t0.addingTimeInterval(100), timeout: 60)
        h.pollStarted(FeedID("quick"), at: Self.t0.addingTimeInterval(120), timeout: 60)
        h.pollFinished(FeedID("quick"))
        // The budget is the fetch timeout plus five minutes to analyse and commit.
        #expect(h.problem(now: Self.t0.addingTimeInterval(100 + 360)) == "the scheduler loop is 310s overdue")
        h.loopTurned(nextTurn: Self.t0.addingTimeInterval(500))
        #expect(h.problem(now: Self.t0.addingTimeInterval(100 + 360)) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(100 + 361)) == "the poll of feed 'slow' has run for 361s")
        h.pollFinished(FeedID("slow"))
        #expect(h.problem(now: Self.t0.addingTimeInterval(100 + 361)) == nil)
    }

    /// A daemon just started has the grace for its scheduler's first turn: the watchdog's first look, as READY=1
    /// goes out, logged a stall (exploratory finding of stop 33). Past the grace, it is one.
    @Test func aJustStartedDaemonHasTheGraceForItsFirstTurn() {
        let h = PipelineHealth(grace: 30, started: Self.t0)
        #expect(h.problem(now: Self.t0) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(30)) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(31)) == "the scheduler has not started 31s after the daemon did")
    }

    /// Each poll's deadline comes from the timeout it fetches with: a feed's own long timeout (or a
    /// `poll.timeout` a reload raised) is not a stall, and a short one beside it still is.
    @Test func eachPollHasTheDeadlineOfItsOwnTimeout() {
        var h = PipelineHealth(grace: 30)
        h.loopTurned(nextTurn: Self.t0.addingTimeInterval(2000))
        h.pollStarted(FeedID("archive"), at: Self.t0, timeout: 900)
        h.pollStarted(FeedID("wire"), at: Self.t0.addingTimeInterval(10), timeout: 30)
        #expect(h.problem(now: Self.t0.addingTimeInterval(340)) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(341)) == "the poll of feed 'wire' has run for 331s")
        h.pollFinished(FeedID("wire"))
        #expect(h.problem(now: Self.t0.addingTimeInterval(1200)) == nil)
        #expect(h.problem(now: Self.t0.addingTimeInterval(1201)) == "the poll of feed 'archive' has run for 1201s")
    }
}
