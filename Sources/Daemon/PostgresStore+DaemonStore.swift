import PostgresStore
import Store

/// The shared store serves several daemons: its leases keep them from polling one feed twice, its roll call lets them split the feeds, and the
/// server looks after its own space (no file upkeep).
extension PostgresStore: DaemonStore {
    public func retentionSweep(cutoffs: PruneCutoffs, batchSize: Int) -> any RetentionBatches {
        let sweep: PostgresRetentionSweep = retentionSweep(cutoffs: cutoffs, batchSize: batchSize)
        return sweep
    }

    public var leases: (any FeedLeases)? { self }
    public var presence: (any DaemonPresence)? { self }
    public var fileUpkeep: (any StoreFileUpkeep)? { nil }
}
