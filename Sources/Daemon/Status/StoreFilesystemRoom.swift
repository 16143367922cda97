import Foundation
import WirewatchCore
#if canImport(Glibc)
import Glibc
#endif

/// Whether the filesystem under a store file has room for the daemon's commits. A full disk shows in the
/// daemon's log ("the store refuses the daemon's writes"), but `wirewatch feeds` reads the store, which keeps
/// what was last saved: its rows said "polling" or an old last fetch, as if all were well (a poll's small
/// write of its start went through; its entries and result did not).
public enum StoreFilesystemRoom {
    /// Under this much free, a poll's commit (its entries, their write-ahead log) is unlikely to fit.
    public static let scarce: UInt64 = 1 << 20

    /// One line when the filesystem holding `storePath` has less than `scarce` free to an unprivileged
    /// user (the daemon runs as one: root's reserved blocks are not its), nil when it has room or cannot be asked.
    public static func warning(storePath: String) -> String? {
        guard let free = scarceRoom(storePath: storePath) else { return nil }
        return "\(storePath): its filesystem has \(free / 1024) KB free: the daemon cannot save its polls there, "
            + "so each feed shows the last poll saved; free some space and the daemon catches up"
    }

    /// The bytes free to an unprivileged user on the filesystem holding `storePath`, when under `scarce`.
    static func scarceRoom(storePath: String) -> UInt64? {
        let directory = (storePath as NSString).deletingLastPathComponent
        var fs = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &fs) == 0 else { return nil }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        return free < scarce ? free : nil
    }
}

extension WatchSetup {
    /// The store's filesystem nearly full, at where the store is written: said by `check` and at the daemon's start,
    /// not refused (room may be freed while it runs). Only the first failed save said it, after "ready"
    /// (exploratory finding of stop 33).
    public func storeRoomNote() -> Diagnostic? {
        guard let path = config.store.filePath, let free = StoreFilesystemRoom.scarceRoom(storePath: path) else { return nil }
        return Diagnostic(file: config.path, at: storeAt,
                          message: "'store': \(path)'s filesystem has \(free / 1024) KB free: the daemon cannot save its polls there until some is freed")
    }
}
