import Foundation

/// The embedded store serves one daemon (its lock refuses a second): no leases, no roll call, and it looks after its file.
extension SQLiteStore: DaemonStore, StoreFileUpkeep {
    public func retentionSweep(cutoffs: PruneCutoffs, batchSize: Int) -> any RetentionBatches {
        RetentionSweep(store: self, cutoffs: cutoffs, batchSize: batchSize)
    }

    @discardableResult
    public func releaseClaims() throws -> Int { 0 }

    public var leases: (any FeedLeases)? { nil }
    public var presence: (any DaemonPresence)? { nil }
    public var fileUpkeep: (any StoreFileUpkeep)? { self }
}
