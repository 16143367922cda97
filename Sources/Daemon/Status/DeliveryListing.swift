import Foundation
import Store

/// `deliver list`: each sink's standing (`SinkStanding`) from what the store holds, and its lines.
public enum DeliveryListing {
    /// The window of `deliveredLast24h`.
    public static let recentWindow: TimeInterval = 86_400

    /// The sinks of the config, in its order, then any other the store has something of now, by name.
    /// `digests`: the digest window of each configured sink that sends digests.
    public static func standings(backlogs: [SinkBacklog], current: CurrentSinkStates, holds: [SinkHold],
                                 configured: [String], digests: [String: TimeInterval] = [:]) -> [SinkStanding] {
        let bySink = Dictionary(backlogs.map { ($0.sink, $0) }, uniquingKeysWith: { a, _ in a })
        let said = Dictionary(grouping: current.states, by: \.sink)
        let others = Set(backlogs.filter { $0.pending + $0.dead + $0.deliveredRecently > 0 }.map(\.sink)).union(said.keys)
            .subtracting(configured).sorted()
        return (configured + others).map { sink in
            let b = bySink[sink] ?? SinkBacklog(sink: sink)
            let rows = said[sink] ?? []
            let state: SinkStanding.State = current.daemons.isEmpty ? .noDaemon
                : rows.isEmpty ? .unknown : rows.allSatisfy(\.running) ? .running : .notStarted
            return SinkStanding(sink: sink, inConfig: configured.contains(sink), state: state, daemons: rows, pending: b.pending,
                                oldestQueued: b.oldestQueued, nextAttempt: b.nextAttempt, claims: b.claims, failedAttempts: b.failedAttempts,
                                begunUnrecorded: b.begunUnrecorded,
                                lastError: b.lastError, lastErrorAt: b.lastErrorAt, dead: b.dead, deliveredLast24h: b.deliveredRecently,
                                pausedUntil: holds.first { $0.sink == sink }.map(\.until), digest: digests[sink])
        }
    }

    /// The summary line, a line when no daemon runs, and a block per sink.
    public static func render(_ standings: [SinkStanding], current: CurrentSinkStates, now: Date) -> [String] {
        func total(_ n: (SinkStanding) -> Int) -> Int { standings.reduce(0) { $0 + n($1) } }
        var lines = ["pending \(total(\.pending))  dead \(total(\.dead))  delivered \(total(\.deliveredLast24h)) in the last 24 h"]
        if current.daemons.isEmpty { lines.append("no wirewatch daemon runs on this store: nothing is delivered until one starts") }
        let named = current.daemons.count > 1
        for s in standings {
            lines.append("sink \(s.sink): \(stateText(s, named: named))" + (s.inConfig ? "" : " (not in this config)"))
            let tail = "\(s.deliveredLast24h) delivered in the last 24 h; \(s.dead) dead"
            guard s.pending > 0 else { lines.append("  nothing pending; " + tail); continue }
            let oldest = s.oldestQueued.map { "the oldest queued " + FeedStatusTable.ago($0, now) } ?? "the oldest queued at an unknown time"
            lines.append("  \(s.pending) pending, \(oldest); next attempt \(nextText(s, live: Set(current.daemons), now: now))")
            for claim in s.claims {
                lines.append("  " + claimText(claim, live: current.daemons.contains(claim.daemon), digest: s.digest != nil, now: now))
            }
            if let error = s.lastError {
                let when = s.lastErrorAt.map { ", " + FeedStatusTable.ago($0, now) } ?? ""
                lines.append("  \(s.failedAttempts) attempt\(s.failedAttempts == 1 ? "" : "s") failed; the last\(when): \(error)")
            } else if s.begunUnrecorded == 0 {
                lines.append("  not tried yet")
            }
            // Stamped before it was sent, its outcome never saved: not "not tried yet" (review of the lead's mends, 8).
            if s.begunUnrecorded > 0 {
                let n = s.begunUnrecorded
                // While a daemon with the sink runs, the digest may be on its way now (review of this session, 4).
                let why = s.daemons.contains(where: \.running) ? "being sent, or \(n == 1 ? "its" : "their") answer not yet recorded"
                    : "sent in a digest whose answer was not recorded (the daemon stopped first)"
                lines.append("  \(n) \(n == 1 ? "was" : "were") \(why): it goes again alone, under the same Idempotency-Key")
            }
            lines.append("  " + tail)
        }
        return lines
    }

    private static func stateText(_ s: SinkStanding, named: Bool) -> String {
        switch s.state {
        case .noDaemon: return "not delivered: no daemon runs"
        case .unknown:
            return s.inConfig ? "no running daemon has it (added to the config since the daemon's last reload?)" : "no running daemon has it"
        case .running, .notStarted:
            let time = ISO8601DateFormatter()
            // Those not started first: the reason is what the reader came for.
            return s.daemons.sorted { !$0.running && $1.running }.map { d in
                let on = named ? " on \(d.daemon)" : ""
                return d.running ? "running\(on) since \(time.string(from: d.since))"
                    : "NOT STARTED\(on) since \(time.string(from: d.since)): \(d.reason ?? "no reason given")"
            }.joined(separator: "; ")
        }
    }

    /// A daemon's claim: being sent by a running daemon (a digest sink's: gathered for its next digest, which a
    /// claim holds until the window ends), or held by one that stopped until the claim ends, its attempts
    /// unrecorded (a batch's outcomes are saved after it).
    private static func claimText(_ claim: SinkClaim, live: Bool, digest: Bool, now: Date) -> String {
        let n = "\(claim.count) \(claim.count == 1 ? "is" : "are")"
        let end = "\(ISO8601DateFormatter().string(from: claim.until)) (\(FeedStatusTable.until(claim.until, now)))"
        if live && digest { return "\(n) gathered for the next digest by \(claim.daemon) (claimed until \(end))" }
        return live ? "\(n) being sent by \(claim.daemon) (claimed until \(end))"
            : "\(n) held by the claim of \(claim.daemon), which no longer runs, until \(end): another daemon sends them then; "
                + "what it sent of them before it stopped is not recorded"
    }

    /// `live`: the daemons running on the store.
    private static func nextText(_ s: SinkStanding, live: Set<String>, now: Date) -> String {
        let time = ISO8601DateFormatter()
        // Daemons run, none with this sink: not due now, nor when a pause ends (on a shared store such deliveries
        // are left for a daemon that has the sink, and none may ever come; review of deliverlist, medium 2).
        // A pause is said first: it holds whichever daemon takes the sink. "Said" because a daemon starting (or
        // one whose rows another recorded over) has the sink before it says so (review of follow and sinkmend, 8).
        let pause = s.pausedUntil.flatMap { $0 > now ? "when the pause ends (\(time.string(from: $0)))" : nil }
        if s.state == .unknown { return (pause.map { "\($0), and " } ?? "") + "once a running daemon has this sink (none has said it has)" }
        if let pause { return pause }
        if s.state == .noDaemon { return "once a daemon starts" }
        if s.state == .notStarted, !s.daemons.contains(where: \.running) { return "once the sink starts" }
        // Every pending one claimed. A digest's by a running daemon: sent when its window ends (the claim is renewed
        // until then). Others by a running daemon: being sent now. By one that stopped: free for another daemon when
        // its claim ends (a running daemon's claim read so said "in 9m" of a batch sent that moment; review of the
        // lead's mends, 5).
        if s.nextAttempt == nil, !s.claims.isEmpty {
            let held = s.claims.filter { !live.contains($0.daemon) }
            if held.count < s.claims.count {
                if let window = s.digest, let oldest = s.oldestQueued, case let end = oldest.addingTimeInterval(window), end > now {
                    return "when the digest window ends, \(FeedStatusTable.until(end, now)) (\(time.string(from: end)))"
                }
                return "being sent now"
            }
            if let end = held.map(\.until).min() {
                return "when \(held.count == 1 ? "the claim" : "a claim") ends, \(FeedStatusTable.until(end, now)) (\(time.string(from: end)))"
            }
        }
        guard let next = s.nextAttempt, next > now else { return "due now" }
        return "\(FeedStatusTable.until(next, now)) (\(time.string(from: next)))"
    }
}
