import Foundation
import Logging
import Store
import Synchronization
import WirewatchCore

/// The scheduler's side of feed leases, on a store several daemons share: a feed is polled only under
/// its lease, and only when the schedule in the store (which any daemon may have saved) is due.
/// A claim the store cannot answer (the server is down) is asked again later; the feed is never
/// polled without its lease.
final class FeedLeaseClaims: Sendable {
    enum Decision: Sendable {
        /// The lease is this daemon's: poll (from `shared`, the store's schedule, when there is one).
        case poll(shared: FeedSchedule?)
        /// Not this daemon's turn (another holds the lease, or the feed is not due in the store): look again at `until`.
        case wait(until: Date)
    }

    let leases: any FeedLeases
    /// Added to the poll's timeout: the lease covers the wait for a CPU permit, the parse and the commit
    /// after the fetch too, as long as the watchdog lets a healthy poll take (`PipelineHealth.analysisAllowance`).
    /// A lease that runs out early anyway costs one more fetch, never an alert twice: the alert ids are known.
    let margin: TimeInterval
    /// When a claim the store could not answer is tried again.
    let retry: TimeInterval
    let logger: Logger
    /// Set while claims fail, so an outage is said once, not once per feed per retry.
    private let failing = Mutex(false)

    init(leases: any FeedLeases, margin: TimeInterval = PipelineHealth.analysisAllowance, retry: TimeInterval = 15, logger: Logger) {
        self.leases = leases
        self.margin = margin
        self.retry = retry
        self.logger = logger
    }

    /// Asks for `feed`'s lease for a poll of at most `timeout`. Refused, it looks again when the store says,
    /// but within `interval` (the feed's) at the latest: a lease held by another daemon lasts its poll's
    /// timeout plus the margin (5 minutes), yet is given back the moment that poll is saved; waiting for
    /// its end left the feed to the other daemon for minutes, and with it gone, unpolled (daemons started
    /// together, where one claims every feed before it hears of the other).
    func claim(_ feed: FeedConfig, timeout: TimeInterval, interval: TimeInterval, now: Date) -> Decision {
        let claim: FeedClaim
        do {
            claim = try leases.claimFeed(feed.id, until: now.addingTimeInterval(timeout + margin), now: now)
        } catch {
            if !failing.withLock({ was in defer { was = true }; return was }) {
                logger.error("cannot claim feeds in the store; no feed is polled until it answers, asked again every \(Int(retry)) s",
                             metadata: ["feed": "\(feed.id)", "error": "\(error)"])
            }
            return .wait(until: now.addingTimeInterval(retry))
        }
        if failing.withLock({ was in defer { was = false }; return was }) {
            logger.notice("the store answers feed claims again")
        }
        switch claim {
        // The store grants a lease only when the feed is due in its schedule, which any daemon may have saved.
        case .notNow(let askAgainAt):
            return .wait(until: max(min(askAgainAt, now.addingTimeInterval(interval)), now.addingTimeInterval(1)))
        case .claimed(let shared):
            return .poll(shared: shared)
        }
    }

    /// Gives the lease back once the poll's schedule is saved (a schedule not saved leaves the lease to run
    /// out, so no other daemon polls at once from the old one); a release lost is only a lease that runs out.
    func release(_ feed: FeedID) {
        do { try leases.releaseFeed(feed) } catch {
            logger.warning("cannot give a feed's lease back; it runs out by itself", metadata: ["feed": "\(feed)", "error": "\(error)"])
        }
    }
}
