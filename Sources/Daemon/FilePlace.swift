import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a file the daemon writes (the store, an alert log) can be made where
/// the config puts it, judged before the daemon needs it. The daemon creates the
/// missing directories of the path, so what matters is the nearest one that exists.
enum FilePlace {
    /// What stops anyone from creating the file: a file where a directory of
    /// its path should be. Nil when nothing does.
    static func blocked(_ path: String) -> String? {
        guard let (existing, isDirectory) = nearestExisting(above: path) else { return nil }
        return isDirectory ? nil : "\(existing) is not a directory"
    }

    /// What stops the user running this from writing `what` at `path`, or nil;
    /// `permission` when it is this user's permission (another user, the
    /// daemon's, may have it), rather than something in the way of anyone (a
    /// read-only filesystem, a file). `beside`: the file needs others next to it
    /// (the store's -wal, -shm and lock files), so its directory must be
    /// writable even when the file exists. Said by `check` only: `feeds` or
    /// `tail`, run by someone who may read but not write, must not refuse the
    /// config for it.
    static func unwritable(_ path: String, what: String, beside: Bool = false) -> (message: String, permission: Bool)? {
        if let blocked = blocked(path) { return ("\(what) cannot be created: \(blocked)", false) }
        func failure(_ message: String) -> (message: String, permission: Bool) {
            let code = errno
            return ("\(message): \(String(cString: strerror(code)))", code == EACCES || code == EPERM)
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if exists {
            if access(path, W_OK) != 0 { return failure("\(what) \(path) cannot be written") }
            if !beside { return nil }
        }
        guard let (dir, _) = nearestExisting(above: path) else { return nil }
        guard access(dir, W_OK | X_OK) != 0 else { return nil }
        return failure(exists ? "\(what) cannot make its files beside it in \(dir)" : "\(what) cannot be created in \(dir)")
    }

    /// The deepest directory of `path` that exists (following links), and whether it is a directory.
    private static func nearestExisting(above path: String) -> (String, Bool)? {
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) { return (dir, isDirectory.boolValue) }
            if dir == "/" { return nil }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }
}
