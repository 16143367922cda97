import Foundation

/// A retention sweep run batch by batch, whichever store it prunes (`RetentionSweep` for SQLite,
/// `PostgresRetentionSweep` for PostgreSQL), so the daemon's maintenance drives either the same way.
public protocol RetentionBatches {
    /// Runs one batch; nil once every table is done.
    mutating func next() throws -> RetentionSweep.Batch?
}

extension RetentionSweep: RetentionBatches {}
