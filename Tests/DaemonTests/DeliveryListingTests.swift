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
        // A running daemon's claim is a batch being sent: not "when a claim ends, in 9m" (review of the lead's mends, 5).
        #expect(lines.contains { $0.hasSuffix("next attempt being sent now") }, "\(lines)")
        #expect(lines.contains("  1 is being sent by a (claimed until \(time) (in 9m))"), "\(lines)")
        #expect(lines.contains("  2 are held by the claim of gone, which no longer runs, until \(time) (in 9m): another daemon sends them then; "
            + "what it sent of them before it stopped is not recorded"), "\(lines)")

        // Only a stopped daemon's claims left: free for another daemon when the claim ends.
        backlog.claims = [SinkClaim(daemon: "gone", count: 2, until: until)]
        let held = DeliveryListing.render(DeliveryListing.standings(backlogs: [backlog], current: current, holds: [], configured: ["hook"]),
                                          current: current, now: now)
        #expect(held.contains { $0.hasSuffix("next attempt when the claim ends, in 9m (\(time))") }, "\(held)")
    }

    /// A digest sink's waiting alerts, claimed by its running daemon until the window ends, are gathered for the
    /// next digest, sent when the window ends: not "being sent" (review of the lead's mends, 5).
    @Test func aDigestsClaimedAlertsWaitForItsWindow() throws {
        var backlog = SinkBacklog(sink: "hook")
        backlog.pending = 4
        backlog.oldestQueued = now.addingTimeInterval(-120)
        let until = now.addingTimeInterval(300)
        backlog.claims = [SinkClaim(daemon: "a", count: 4, until: until)]
        let current = CurrentSinkStates(daemons: ["a"], states: [SinkRunState(sink: "hook", daemon: "a", running: true, since: now)])
        let standings = DeliveryListing.standings(backlogs: [backlog], current: current, holds: [], configured: ["hook"], digests: ["hook": 600])
        let lines = DeliveryListing.render(standings, current: current, now: now)
        let end = ISO8601DateFormatter().string(from: now.addingTimeInterval(480))
        #expect(lines.contains { $0.hasSuffix("next attempt when the digest window ends, in 8m (\(end))") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  4 are gathered for the next digest by a (claimed until") }, "\(lines)")
    }

    /// A digest stamped begun whose outcome was never recorded was sent, most likely, before its daemon stopped: said
    /// so, not "not tried yet" (review of the lead's mends, 8).
    @Test func aDigestSentBeforeAStopIsNotNotTriedYet() throws {
        var backlog = SinkBacklog(sink: "hook")
        backlog.pending = 3
        backlog.begunUnrecorded = 3
        backlog.nextAttempt = now
        let stopped = CurrentSinkStates(daemons: [], states: [])
        let lines = DeliveryListing.render(DeliveryListing.standings(backlogs: [backlog], current: stopped, holds: [], configured: ["hook"]),
                                           current: stopped, now: now)
        #expect(!lines.contains("  not tried yet"), "\(lines)")
        #expect(lines.contains("  3 were sent in a digest whose answer was not recorded (the daemon stopped first): "
            + "it goes again alone, under the same Idempotency-Key"), "\(lines)")
        // A running daemon with the sink may be sending it now (review of this session, 4).
        let running = CurrentSinkStates(daemons: ["a"], states: [SinkRunState(sink: "hook", daemon: "a", running: true, since: now)])
        let live = DeliveryListing.render(DeliveryListing.standings(backlogs: [backlog], current: running, holds: [], configured: ["hook"]),
                                          current: running, now: now)
        #expect(live.contains("  3 were being sent, or their answer not yet recorded: it goes again alone, under the same Idempotency-Key"), "\(live)")
    }
}
