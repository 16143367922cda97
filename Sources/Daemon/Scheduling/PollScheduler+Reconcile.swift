import Foundation
import Logging
import Store
import WirewatchCore

/// A start or reload brings every feed's schedule in line with the config, and saves the polls it brought forward.
extension PollScheduler {
    /// Brings the schedules in line with the config when its feeds or poll policy changed.
    func reconcile(_ turn: inout Turn, _ current: WatchSetup, now: Date) {
        guard current.config.feeds != turn.known || current.config.poll != turn.knownPolicy else { return }
        let planner = PollPlanner(policy: current.config.poll)
        var next: [FeedID: FeedSchedule] = [:]
        for feed in current.config.feeds {
            next[feed.id] = planner.reconcile(turn.schedules[feed.id] ?? turn.stored[feed.id], with: feed, now: now)
        }
        if turn.knownPolicy != nil {
            let added = Set(next.keys).subtracting(turn.schedules.keys)
            let removed = Set(turn.schedules.keys).subtracting(next.keys)
            // Which feeds an edit changed: among 20,000, the operator looks for the one they edited.
            let before = Dictionary(turn.known.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let edited = current.config.feeds.filter { f in before[f.id].map { $0 != f } ?? false }.map(\.id.rawValue)
            var metadata: Logger.Metadata = ["feeds": "\(next.count)", "added": "\(added.count)", "removed": "\(removed.count)"]
            // Named as the rules' reload line names them: a bad merge of the config shows which feeds it dropped.
            for (key, ids) in [("added_ids", added.map(\.rawValue)), ("removed_ids", removed.map(\.rawValue)), ("edited", edited)]
                where !ids.isEmpty {
                metadata[key] = "\(RuleChanges.list(ids.sorted()))"
            }
            logger.info("feeds reconciled", metadata: metadata)
        }
        saveAdvances(from: turn, to: next)
        turn.schedules = next
        turn.known = current.config.feeds
        turn.knownPolicy = current.config.poll
        turn.order = Dictionary(current.config.feeds.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        turn.queue = PollQueue()
        for feed in current.config.feeds { turn.enqueue(feed.id) }
        monitor.update { $0.replaceSchedules(next) }
    }

    /// Saves the next polls the re-plan brought forward. Kept in memory only, a shortened interval did nothing
    /// on a shared store (its lease is granted at the stored time), and `feeds` showed a plan the daemon did not keep.
    /// Each is counted from this daemon's last view of the feed: on a shared store, the store takes it only while
    /// that is still the feed's schedule, so a feed another daemon polled since keeps that daemon's plan and hints.
    private func saveAdvances(from turn: Turn, to next: [FeedID: FeedSchedule]) {
        let advances = next.values.compactMap { s -> PollAdvance? in
            guard let before = turn.schedules[s.feed] ?? turn.stored[s.feed], s.nextPoll < before.nextPoll else { return nil }
            return PollAdvance(feed: s.feed, from: before.nextPoll, to: s.nextPoll, basis: before.lastSuccess)
        }
        do { try store.advance(advances) } catch {
            logger.error("cannot save the feeds' re-planned next polls; each keeps its stored time until its next poll",
                         metadata: ["feeds": "\(advances.count)", "error": "\(error)"])
        }
    }
}
