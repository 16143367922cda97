import Foundation
import Logging
import Store

/// Which pauses (`SinkHold`) a start or a reload lifts. A pause belongs to the receiver that asked for it, and
/// the hold names that receiver (`ReceiverMark`): a sink that starts (with the daemon, or by a reload) pointed
/// at another receiver lifts it; pointed at the same one, it stays, whatever this daemon posted to before (on a
/// shared store another daemon's receiver may have asked, and it is the one this sink posts to now). Only a
/// hold that names no receiver (saved before holds did) is judged by what this daemon knows: a reload that
/// changed the sink's URL, or a sink taken out and put back, lifts it.
extension DeliveryCrew {
    /// Why a sink that starts posting to `receiver` lifts `hold`, or nil when the pause stays. `before`: the
    /// receiver this daemon's previous worker of the sink posted to, when a reload stopped one (`.some(nil)`:
    /// a sink no receiver pauses); `takenOut`: a reload took the sink out and this one puts it back.
    static func whyLift(_ hold: SinkHold, receiver: String?, before: String??, takenOut: Bool) -> String? {
        let pointedElsewhere = before.map { $0 != receiver } ?? false
        if let asked = hold.receiver {
            guard asked != receiver else { return nil }
            return pointedElsewhere ? "a reload pointed the sink at another receiver"
                : "the sink now points at another receiver than the one that asked it to wait"
        }
        if pointedElsewhere { return "a reload pointed the sink at another receiver" }
        return takenOut ? "the sink was taken out of the config and put back" : nil
    }

    /// Reads the hold on `sink` and lifts it when `whyLift` says so, only as read (`liftHold(_:now:)`).
    /// Called before the sink's worker starts, so the worker starts unpaused and says nothing of a pause.
    func liftPauseOfAnother(_ sink: String, receiver: String?, before: String?? = nil, takenOut: Bool = false) {
        let hold: SinkHold
        do {
            guard let read = try store.sinkHold(sink: sink, now: clock.now()) else { return }
            hold = read
        } catch {
            // The sink starts all the same, and its worker honours a pause it finds in force: the receiver may
            // still mean it, a pause lasts an hour at most, and the operator can lift it.
            logger.warning("sink pause not checked against the sink's receiver: the sink starts, paused if a pause is in force; 'wirewatch deliver resume --sink ID' lifts it",
                           metadata: ["sink": "\(sink)", "error": "\(error)"])
            return
        }
        liftPause(hold) { Self.whyLift($0, receiver: receiver, before: before, takenOut: takenOut) }
    }

    /// The holds of sinks no longer in the config, on a store only this daemon uses: nothing is left for them
    /// to hold back, and a sink put back starts afresh.
    func liftPauses(ofRemoved keeping: Set<String>) {
        let holds: [SinkHold]
        do {
            holds = try store.sinkHolds(now: clock.now())
        } catch {
            logger.warning("pauses of sinks no longer in the config not read: they end at their time, or 'wirewatch deliver resume --sink ID' lifts them",
                           metadata: ["error": "\(error)"])
            return
        }
        for hold in holds where !keeping.contains(hold.sink) {
            liftPause(hold) { _ in "the sink is no longer in the config" }
        }
    }

    /// Ends `hold` when `judge` gives a reason, only if it is still the sink's, saying so. One saved since it was
    /// read (another daemon's receiver answered meanwhile) is judged in its turn, once: it may name a receiver
    /// this sink does not post to, which would have paused it for up to an hour for nothing (review of follow,
    /// 11). One saved again meanwhile is left, and said: the worker honours it.
    private func liftPause(_ first: SinkHold, judge: (SinkHold) -> String?) {
        var hold = first
        for judging in 1...2 {
            guard let why = judge(hold) else { return }
            do {
                guard let lifted = try store.liftHold(hold, now: clock.now()) else {
                    guard let since = try store.sinkHold(sink: hold.sink, now: clock.now()) else { return }
                    if judging == 2 || judge(since) == nil {
                        logger.notice("sink pause not lifted: another pause was saved for it since it was read",
                                      metadata: ["sink": "\(hold.sink)", "reason": "\(why)"])
                        return
                    }
                    hold = since
                    continue
                }
                logger.notice("sink pause lifted: \(why)", metadata: ["sink": "\(hold.sink)", "deliveries_due": "\(lifted.due)"])
            } catch {
                logger.warning("sink pause could not be lifted; 'wirewatch deliver resume --sink ID' lifts it",
                               metadata: ["sink": "\(hold.sink)", "error": "\(error)"])
            }
            return
        }
    }
}
