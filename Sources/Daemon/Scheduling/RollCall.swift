import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization
import WirewatchCore

/// Says every `heartbeat` that this daemon is alive on the shared store, and learns which others are
/// (each counted live for three of its own heartbeats), so that the scheduler can split the feeds with
/// them (`PollShare`). A graceful stop takes the daemon off the roll call as the polls begin to drain
/// (the service stops before the scheduler: it starts nothing new, and its polls in flight hold their
/// leases); a crashed one is dropped by the others three of its heartbeats on.
/// A roll call the store cannot answer keeps the daemons last heard: the feeds stay shared as they
/// were, and claims, which fail too, poll nothing until the store answers.
final class RollCall: Service, Sendable {
    let presence: any DaemonPresence
    let live: LiveDaemons
    let heartbeat: TimeInterval
    /// This process: its nonce tells another process answering under the same name apart (`DaemonNameInUse`),
    /// and its pid lets a daemon restarted on this machine see it gone (`DaemonProcess.isGone`).
    let process: DaemonProcess
    private let clock: any WirewatchClock
    private let feeds: @Sendable () -> [FeedID]
    private let logger: Logger
    /// What is wrong with the roll call while it is (said once, and again when it is answered).
    private let trouble = Mutex<Trouble?>(nil)

    private enum Trouble { case unanswered, nameInUse }

    /// Three heartbeats: one late or lost heartbeat does not make a daemon look dead.
    static func window(heartbeat: TimeInterval) -> TimeInterval { 3 * heartbeat }

    init(presence: any DaemonPresence, heartbeat: TimeInterval, clock: any WirewatchClock,
         feeds: @escaping @Sendable () -> [FeedID], logger: Logger, process: DaemonProcess = .this(nonce: UUID().uuidString)) {
        self.presence = presence
        self.process = process
        live = LiveDaemons(me: presence.owner)
        self.heartbeat = heartbeat
        self.clock = clock
        self.feeds = feeds
        self.logger = logger
    }

    /// The first heartbeat, before the daemon claims anything, so that it does not start by claiming every
    /// feed as if alone. Throws `DaemonNameInUse` when another running daemon answers under this name:
    /// the store would take the two for one daemon, so this one does not start.
    func join() throws {
        do { try beat() } catch let clash as DaemonNameInUse { throw clash } catch { failed(error) }
    }

    /// One heartbeat: says this daemon is alive and takes who else is.
    func answer() {
        do { try beat() } catch { failed(error) }
    }

    private func beat() throws {
        let now = clock.now(), window = Self.window(heartbeat: heartbeat)
        var roll: [DaemonRow]
        do {
            roll = try presence.heartbeat(now: now, liveFor: window, process: process)
        } catch let clash as DaemonNameInUse {
            // The live row under this name is a process gone from this machine: this daemon's own, crashed
            // a moment ago (Restart=on-failure after a SIGKILL or the OOM killer), not a twin.
            guard let holder = clash.holder, holder.isGone(seenFrom: process) else { throw clash }
            roll = try presence.takeOver(from: holder, now: now, liveFor: window, process: process)
            logger.notice("took over this daemon's name in the roll call from its process that is gone", metadata: [
                "owner": "\(presence.owner)", "gone_pid": "\(holder.pid ?? 0)", "heard_ago": "\(Int(max(0, clash.heardAgo.rounded()))) s",
            ])
        }
        // Other daemons' rows whose processes are gone from this machine (a crash, a crash loop under fresh
        // names): deleted now, not counted live for their window and left a day.
        let gone = roll.filter { $0.owner != presence.owner && $0.process.isGone(seenFrom: process) }
        for row in gone {
            try presence.forget(row)
            logger.notice("forgot the roll-call row of a daemon whose process is gone from this machine",
                          metadata: ["owner": "\(row.owner)", "gone_pid": "\(row.process.pid ?? 0)"])
        }
        let heard = roll.filter { !gone.contains($0) }.live(at: now)
        let before: Trouble? = trouble.withLock { was in
            defer { was = nil }
            return was
        }
        if before != nil {
            logger.notice("the roll call of the daemons sharing the store is answered again")
        }
        guard let change = live.heard(heard) else { return }
        var metadata: Logger.Metadata = [
            "live": "\(change.share.live.count)", "preferred_feeds": "\(change.share.preferredCount(feeds()))",
        ]
        if !change.joined.isEmpty { metadata["joined"] = "\(change.joined.joined(separator: ","))" }
        if !change.left.isEmpty { metadata["left"] = "\(change.left.joined(separator: ","))" }
        logger.notice("the daemons sharing the store changed", metadata: metadata)
    }

    /// Says a failed heartbeat once per outage, not once per heartbeat.
    private func failed(_ error: any Error) {
        let now: Trouble = error is DaemonNameInUse ? .nameInUse : .unanswered
        let before: Trouble? = trouble.withLock { was in
            defer { was = now }
            return was
        }
        guard before != now else { return }
        if let clash = error as? DaemonNameInUse {
            // Both daemons poll the same feeds and send the same deliveries until one of them stops.
            logger.error("\(clash); both poll the same feeds until one stops")
        } else {
            logger.warning("cannot answer the roll call of the daemons sharing the store; sharing the feeds as before",
                           metadata: ["error": "\(error)"])
        }
    }

    func run() async throws {
        // Above the polls, as the delivery workers are (DeliveryCrew): during a burst of polls a task at
        // their priority waits tens of seconds at each await, and a heartbeat that late would make the
        // others drop this daemon for a while and race it for its feeds (docs/operations.md).
        let beating = Task(priority: .high) { [self] in
            while !Task.isCancelled {
                do { try await clock.sleep(until: clock.now().addingTimeInterval(heartbeat)) } catch { return }
                answer()
            }
        }
        await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler { await beating.value } onCancel: { beating.cancel() }
        }
        // A heartbeat under way when the stop came must not write the row again after it is deleted.
        beating.cancel()
        await beating.value
        do { try presence.leave(process) } catch {
            logger.warning("cannot leave the roll call; the other daemons count this one for \(Int(Self.window(heartbeat: heartbeat))) s more",
                           metadata: ["error": "\(error)"])
        }
    }
}
