import Foundation
import GRDB

/// Reading the store as a user who may read the file but not write beside it (an operator's login, the
/// daemon's state directory 0755). SQLite reads a store in WAL mode only through its shared-memory file
/// (`-shm`), which it creates beside the store: such a user got "SQLite error 8: attempt to write a readonly
/// database". When no `-wal` file is there, nothing has the store open (a daemon's connections keep it
/// while they live), so the file is read as immutable: no `-shm` is needed, and nothing is written.
/// While the daemon runs, its `-shm` exists and a reader who may read it needs nothing more.
enum ReadOnlyStoreFile {
    /// Whether the store at `path` is best read as immutable: no one has it open, and this user may not
    /// create the `-shm` file beside it (`mayWriteBeside`, when given, says so instead of asking the system:
    /// root may write everywhere, and tests run as root).
    static func unused(_ path: String, mayWriteBeside: Bool? = nil) -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        guard !(mayWriteBeside ?? (access(dir.isEmpty ? "." : dir, W_OK) == 0)) else { return false }
        var status = stat()
        return stat(path + "-wal", &status) != 0 && errno == ENOENT
    }

    /// SQLite's URI for the file at `path`, read as immutable.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// The refusal a read-only open met, said as the permission it lacks; nil when it is not one of those.
    static func refusal(_ error: DatabaseError, path: String) -> SharedMemoryRefused? {
        guard error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN else { return nil }
        // Only when the file itself can be read: the commands say an unreadable store in their own words.
        guard access(path, R_OK) == 0 else { return nil }
        return SharedMemoryRefused(path: path)
    }
}

/// The store is in use, or was left open (its `-wal` is there), and this user may not read its `-shm`, create
/// it, or write it where SQLite must first recover what a daemon that did not close the store left.
public struct SharedMemoryRefused: StoreRefusal {
    public var path: String
    var lacking: String

    init(path: String) {
        self.path = path
        let shm = path + "-shm"
        let dir = (path as NSString).deletingLastPathComponent
        if access(shm, F_OK) != 0 {
            lacking = "may not create \(shm) (it may not write \(dir.isEmpty ? "." : dir))"
        } else if access(shm, R_OK) != 0 {
            lacking = "may not read \(shm)"
        } else {
            lacking = "may not write \(shm), which SQLite must bring up to date first (the daemon stopped without closing the store)"
        }
    }

    public var description: String {
        "\(path): cannot read the store as \(NSUserName()): SQLite reads a store the daemon has open through its shared-memory file, and this user \(lacking); run this as the daemon's user or as root"
    }
}
