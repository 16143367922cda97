import Foundation
import Store

/// The store opened by a command beside the daemon (`feeds`, `deliver`, `rules backtest`), never
/// migrated there. A schema older than this wirewatch's is either an older wirewatch's store, or one
/// the running daemon is still creating or upgrading: that daemon holds the store's lock, so the
/// command waits a moment for it, then says so rather than blame an older wirewatch.
extension SQLiteStore {
    public static func besideDaemon(path: String, readOnly: Bool, patience: TimeInterval = 5) throws -> SQLiteStore {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            do {
                return try existing(path: path, readOnly: readOnly)
            } catch let outdated as OutdatedStore {
                guard let daemon = StoreLock.holder(storePath: path) else { throw outdated }
                guard Date() < deadline else { throw StoreBeingMigrated(path: path, daemon: daemon) }
                usleep(100_000)
            }
        }
    }
}

/// The running daemon is still creating or upgrading the store (its schema is not yet complete).
public struct StoreBeingMigrated: Error, CustomStringConvertible {
    public var path: String
    public var daemon: Int32
    public var description: String {
        "\(path): the running wirewatch (pid \(daemon)) is still creating or upgrading the store; try again in a moment"
    }
}
