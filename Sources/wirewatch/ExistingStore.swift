import ArgumentParser
import Daemon
import Foundation
import Store

/// The daemon's store at `location`; a file is never created here: a config that names the wrong place must not
/// leave a new, empty store there (and an outbox that says "pending 0"). "No store there yet" only
/// when the system says there is nothing at `path`; any other reason (a directory on the way that
/// may not be searched) is the system's own. Never migrated here (the daemon may be running on it):
/// a store an older wirewatch wrote is said as such, and one the running daemon is still creating
/// or upgrading is waited for a moment (`SQLiteStore.besideDaemon`).
func existingStore(_ location: StoreLocation, readOnly: Bool) throws -> any DaemonStore {
    var status = stat()
    if let path = location.filePath, stat(path, &status) != 0, errno == ENOENT {
        if let gone = storeGoneUnderDaemon(path) { throw gone }
        throw fail("\(path): no store there yet; 'wirewatch run' creates it when it first starts")
    }
    if let path = location.filePath { try refuseStoreFile(path) }
    do {
        return try location.openBesideDaemon(readOnly: readOnly)
    } catch {
        throw storeRefusal(error, path: location.description, failing: "cannot open the store")
    }
}

/// A store file this user may not read (taken for "no store yet", it showed every feed as never polled; trial finding
/// 26), or one with a second name, through which a command does not see the daemon and writes a log of its own
/// into its file (review of the lead's mends, 7): refused with why.
func refuseStoreFile(_ path: String) throws {
    if let why = unreadable(path) { throw fail(storeUnreadable(path, why)) }
    if let linked = StoreLock.secondNames(storePath: path) { throw fail("\(path): \(linked)") }
}

/// A store file missing while a daemon holds the store's lock: deleted or moved under the daemon, which writes on
/// into the file it opened (trial3 finding 5); not "no store there yet", nor every feed "never polled".
func storeGoneUnderDaemon(_ path: String) -> ExitCode? {
    guard !FileManager.default.fileExists(atPath: path), let pid = StoreLock.holder(storePath: path) else { return nil }
    return fail("\(path): no store file there, though a wirewatch (pid \(pid)) runs on this store: the file was deleted or moved away "
        + "under it; put it back before the daemon stops")
}

/// Why a command cannot use the store, said once for every command: an older wirewatch's store, one a running
/// daemon has not upgraded, one that is not usable (`BrokenStore`) say so themselves, as does a file that is no
/// database; anything else is `failing` and the error.
func storeRefusal(_ error: any Error, path: String, failing: String) -> ExitCode {
    switch error {
    case let refusal as any StoreRefusal: return fail(refusal.description)
    default:
        if let other = NotAStore(error, path: path) { return fail(other.description) }
        return fail("\(path): \(failing): \(error)")
    }
}

/// Why this user cannot read the file at `path` (the system's words), or nil when it can or nothing is
/// there. A directory on the way that may not be searched is said too: to `fileExists` it is no file.
func unreadable(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd >= 0 { close(fd); return nil }
    let code = errno
    return code == ENOENT ? nil : String(cString: strerror(code))
}

/// The one line for a store this user may not read: SQLite's own is "error 14: unable to open database file".
func storeUnreadable(_ path: String, _ why: String) -> String {
    "\(path): cannot open the store: \(why) (as \(NSUserName()); the store is the daemon's: run this as root, or as a user who may read it)"
}
