@testable import Daemon
import Foundation
import Store
import Testing

/// `deliver list`'s lines from values: what it says of a sink no running daemon has said it has.
@Suite struct DeliveryListingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func next(_ holds: [SinkHold]) -> String? {
        var backlog = SinkBacklog(sink: "hook")
        backlog.pending = 3
        let current = CurrentSinkStates(daemons: ["a"], states: [])
        let standings = DeliveryListing.standings(backlogs: [backlog], current: current, holds: holds, configured: ["hook"])
        return DeliveryListing.render(standings, current: current, now: now).first { $0.contains("next attempt") }
    }

    /// A pause is said beside it: it holds whichever daemon takes the sink (review of follow and sinkmend, 8: the
    /// pause was said nowhere).
    @Test func aPausedSinkNoDaemonHasSaysThePauseToo() throws {
        let until = now.addingTimeInterval(600)
        let line = try #require(next([SinkHold(sink: "hook", until: until, reason: "429")]))
        #expect(line.hasSuffix("next attempt when the pause ends (\(ISO8601DateFormatter().string(from: until))), and "
            + "once a running daemon has this sink (none has said it has)"), "\(line)")
        #expect(next([])?.hasSuffix("next attempt once a running daemon has this sink (none has said it has)") == true)
    }

    /// Claimed deliveries: being sent by a running daemon, or held by one that no longer runs until its claim
    /// ends; with every pending one claimed, the next attempt is when a claim ends, not "due now".
    @Test func claimsAreSaidByWhetherTheirDaemonRuns() throws {
        var backlog = SinkBacklog(sink: "hook")
        backlog.pending = 3
        let until = now.addingTimeInterval(540)
        backlog.claims = [SinkClaim(daemon: "a", count: 1, until: until), SinkClaim(daemon: "gone", count: 2, until: until)]
        let current = CurrentSinkStates(daemons: ["a"], states: [SinkRunState(sink: "hook", daemon: "a", running: true, since: now)])
        let standings = DeliveryListing.standings(backlogs: [backlog], current: current, holds: [], configured: ["hook"])
        let lines = DeliveryListing.render(standings, current: current, now: now)
        let time = ISO8601DateFormatter().string(from: until)
        #expect(lines.contains { $0.hasSuffix("next attempt when a claim ends, in 9m (\(time))") }, "\(lines)")
        #expect(lines.contains("  1 is being sent by a (claimed until \(time) (in 9m))"), "\(lines)")
        #expect(lines.contains("  2 are held by the claim of gone, which no longer runs, until \(time) (in 9m): another daemon sends them then; "
            + "what it sent of them before it stopped is not recorded"), "\(lines)")
    }
}
