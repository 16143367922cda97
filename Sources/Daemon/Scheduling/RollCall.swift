import Foundation
import Logging
import ServiceLifecycle
import Store
import WirewatchCore

/// Says every `heartbeat` that this daemon is alive on the shared store, and learns which others are
/// (heard from within three heartbeats), so that the scheduler can split the feeds with them
/// (`PollShare`). A graceful stop takes the daemon off the roll call once the polls have drained (the
/// service stops after the scheduler); a crashed one is dropped by the others three heartbeats on.
/// A roll call the store cannot answer keeps the daemons last heard: the feeds stay shared as they
/// were, and claims, which fail too, poll nothing until the store answers.
final class RollCall: Service, Sendable {
    let presence: any DaemonPresence
    let live: LiveDaemons
    let heartbeat: TimeInterval
    private let clock: any WirewatchClock
    private let feeds: @Sendable () -> [FeedID]
    private let logger: Logger

    /// Three heartbeats: one late or lost heartbeat does not make a daemon look dead.
    static func window(heartbeat: TimeInterval) -> TimeInterval { 3 * heartbeat }

    init(presence: any DaemonPresence, heartbeat: TimeInterval, clock: any WirewatchClock,
         feeds: @escaping @Sendable () -> [FeedID], logger: Logger) {
        self.presence = presence
        live = LiveDaemons(me: presence.owner)
        self.heartbeat = heartbeat
        self.clock = clock
        self.feeds = feeds
        self.logger = logger
    }

    /// One heartbeat: says this daemon is alive and takes who else is. The daemon answers once before
    /// its first poll, so that it does not start by claiming every feed as if alone.
    func answer() {
        let now = clock.now()
        let heard: [String]
        do {
            heard = try presence.heartbeat(now: now, liveSince: now.addingTimeInterval(-Self.window(heartbeat: heartbeat)))
        } catch {
            logger.warning("cannot answer the roll call of the daemons sharing the store; sharing the feeds as before",
                           metadata: ["error": "\(error)"])
            return
        }
        guard let change = live.heard(heard) else { return }
        var metadata: Logger.Metadata = [
            "live": "\(change.share.live.count)", "preferred_feeds": "\(change.share.preferredCount(feeds()))",
        ]
        if !change.joined.isEmpty { metadata["joined"] = "\(change.joined.joined(separator: ","))" }
        if !change.left.isEmpty { metadata["left"] = "\(change.left.joined(separator: ","))" }
        logger.notice("the daemons sharing the store changed", metadata: metadata)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await self.clock.sleep(until: self.clock.now().addingTimeInterval(self.heartbeat)) } catch { return }
                self.answer()
            }
        }
        do { try presence.leave() } catch {
            logger.warning("cannot leave the roll call; the other daemons count this one for \(Int(Self.window(heartbeat: heartbeat))) s more",
                           metadata: ["error": "\(error)"])
        }
    }
}
