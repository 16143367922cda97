import Foundation
import WirewatchCore

/// Everything the daemon and the commands ask of a store, whichever it is: the embedded SQLite file
/// (one daemon) or a shared PostgreSQL (several daemons, which claim feeds with `leases`).
public protocol DaemonStore: WirewatchStore, FeedScheduleStore, OperationalAlertStore, DeliveryStatsStore, SinkBacklogStore,
    SinkStateStore {
    /// How many deliveries wait, for the status line (cheap: made after every poll).
    func pendingDeliveries() throws -> Int
    /// Dead-letters the pending deliveries of every sink not in `configured`; returns how many, per sink.
    @discardableResult
    func deadLetterPending(exceptSinks configured: Set<String>, now: Date) throws -> [String: Int]
    /// Dead-letters the pending deliveries of `sink` alone (the operator gives it up); returns how many.
    func deadLetterPending(sink: String, now: Date) throws -> Int
    /// Deletes what retention lets go, one small transaction per `next()`.
    func retentionSweep(cutoffs: PruneCutoffs, batchSize: Int) -> any RetentionBatches
    /// Frees this daemon's claims on deliveries it has not sent, once its workers have stopped; returns
    /// how many (none on a store only this daemon uses, which claims nothing).
    @discardableResult
    func releaseClaims() throws -> Int
    /// Feed leases, for a store several daemons share; nil for one only this daemon uses.
    var leases: (any FeedLeases)? { get }
    /// The roll call of the daemons sharing the store, which split its feeds; nil for a store only this daemon uses.
    var presence: (any DaemonPresence)? { get }
    /// Throws unless the store answers now, every table this wirewatch's schema has is there, and (PostgreSQL)
    /// the session may write: the daemon's readiness (`/readyz`) asks it every few seconds. It writes nothing,
    /// so what fails only at a commit (a full disk, a read-only remount, pages damaged deep in a file, a role
    /// without INSERT) does not show here: docs/operations.md says so.
    func probe() throws
    /// Upkeep of a store file the daemon looks after itself; nil where a server does its own.
    var fileUpkeep: (any StoreFileUpkeep)? { get }
}

/// The file's space, handed back a few pages at a time, and its write-ahead log folded in.
public protocol StoreFileUpkeep: Sendable {
    func space() throws -> StoreSpace
    /// Hands at most `pages` free pages back, in one write transaction; returns how long it held the lock.
    func reclaim(pages: Int) throws -> Duration
    func checkpointAndOptimize() throws
}

public typealias StoreSpace = SQLiteStore.SpaceReport
