import Foundation
import Store

/// The store opened by a command beside the daemon (`feeds`, `deliver`, `rules backtest`), never
/// migrated there. A schema older than this wirewatch's is either an older wirewatch's store, or one
/// a running daemon has not upgraded (it is at it, or it is the older wirewatch itself, not yet
/// restarted): that daemon holds the store's lock, so the command waits a moment for it, then says
/// which two things can be so.
extension SQLiteStore {
    public static func besideDaemon(path: String, readOnly: Bool, patience: TimeInterval = 5) throws -> SQLiteStore {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            do {
                return try existing(path: path, readOnly: readOnly)
            } catch let outdated as OutdatedStore {
                guard StoreLock.isHeld(storePath: path) else { throw outdated }
                guard Date() < deadline else { throw StoreBeingMigrated(path: path, daemon: StoreLock.pidWritten(storePath: path)) }
                usleep(100_000)
            }
        }
    }
}

/// The running daemon has not brought the store up to this wirewatch's schema: it is still creating or
/// upgrading it, or (far more often, since the lock is held for the daemon's life) it is the older
/// wirewatch an upgrade left running until its restart.
public struct StoreBeingMigrated: StoreRefusal {
    public var path: String
    /// Nil only if the holder has not written its pid (a moment after it takes the lock).
    public var daemon: Int32?
    public var description: String {
        "\(path): the running wirewatch\(daemon.map { " (pid \($0))" } ?? "") has not brought the store up to this version; if it was started before wirewatch was upgraded, restart it (systemctl restart wirewatch), else try again in a moment"
    }
}
