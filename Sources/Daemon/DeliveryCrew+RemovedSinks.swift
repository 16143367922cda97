import Foundation
import Logging
import Store

/// What the crew does for sinks no longer in the config: on a file store their pending deliveries would wait
/// for ever, so they are dead-lettered; on a shared store another daemon may have the sink, so they are left.
extension DeliveryCrew {
    /// After a poll that queued alerts. A poll runs on the setup it began with, so one in flight
    /// across a reload that removed a sink queues deliveries for it that no worker will take:
    /// dead-lettered now (as `follow` does), not left pending until the next reload or start.
    /// A sink still retiring is left to its `follow`. `sinks` is read here, on the crew, not by the
    /// caller before the hop: a reload that put a sink back meanwhile must not see its deliveries
    /// (the new config's polls queue them too) dead-lettered on the word of the older config.
    /// `queuedFor` are the sinks the poll queued for: when all are still here, as after nearly every
    /// poll, nothing is swept, so the scheduler does not wait on a write and a scan of the pending
    /// deliveries (which grow while a sink is down) after each poll with alerts.
    func deadLetterForRemovedSinks(queuedFor pollSinks: Set<String>, _ sinks: @Sendable () -> [SinkConfig]) {
        let keeping = Set(sinks().map(\.id)).union(running).union(waiting.map(\.0.id))
        guard !pollSinks.isSubset(of: keeping) else { return }
        deadLetterRemoved(keeping: keeping)
    }

    /// Deliveries still pending for a sink no longer in the config would wait for ever: dead-lettered, with the reason,
    /// and its pause lifted (nothing is left for it to hold back, and a sink put back starts afresh).
    /// On a shared store another daemon may have that sink and deliver them: they are left, and said.
    func deadLetterRemoved(keeping sinkIDs: Set<String>) {
        if store.leases != nil { return sayOthersPending(keeping: sinkIDs) }
        liftPauses(ofRemoved: sinkIDs)
        let removed: [String: Int]
        do {
            removed = try store.deadLetterPending(exceptSinks: sinkIDs, now: clock.now())
        } catch {
            logger.error("deliveries to removed sinks could not be dead-lettered", metadata: ["error": "\(error)"])
            return
        }
        for (sink, count) in removed.sorted(by: { $0.key < $1.key }) {
            logger.warning("deliveries to a sink no longer in the config dead-lettered; 'wirewatch deliver retry --all --sink ID' queues them again once it is back",
                           metadata: ["sink": "\(sink)", "deliveries": "\(count)"])
        }
    }

    /// Deliveries pending for sinks this daemon lacks, on a store it shares: another daemon may deliver them.
    private func sayOthersPending(keeping sinkIDs: Set<String>) {
        let others: [SinkDeliveryStats]
        do {
            others = try store.deliveryStats().filter { !sinkIDs.contains($0.sink) && $0.pending > 0 }
        } catch {
            logger.error("deliveries to sinks not in this config could not be counted", metadata: ["error": "\(error)"])
            return
        }
        for s in others.sorted(by: { $0.sink < $1.sink }) {
            logger.warning("deliveries pending for a sink not in this config: left for a daemon that has it; 'wirewatch deliver dead-letter --sink ID' gives them up if none has",
                           metadata: ["sink": "\(s.sink)", "deliveries": "\(s.pending)"])
        }
    }
}
