import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether an alert log can be made where its sink's `path` puts it, judged
/// before the first alert needs it. The daemon creates the missing directories
/// of the path, so what matters is the nearest one that exists.
enum AlertLogPlace {
    /// What stops anyone from creating the log: a file where a directory of
    /// its path should be. Nil when nothing does.
    static func blocked(_ path: String) -> String? {
        guard let (existing, isDirectory) = nearestExisting(above: path) else { return nil }
        return isDirectory ? nil : "\(existing) is not a directory"
    }

    /// What stops the user running this from writing the log, or nil; `permission`
    /// when it is this user's permission (another user, the daemon's, may have it),
    /// rather than something in the way of anyone (a read-only filesystem, a file).
    /// Said by `check` only: `feeds` or `tail`, run by someone who may read the log
    /// but not write it, must not refuse the config for it.
    static func unwritable(_ path: String) -> (message: String, permission: Bool)? {
        if let blocked = blocked(path) { return ("the alert log cannot be created: \(blocked)", false) }
        func failure(_ message: String) -> (message: String, permission: Bool) {
            let code = errno
            return ("\(message): \(String(cString: strerror(code)))", code == EACCES || code == EPERM)
        }
        if FileManager.default.fileExists(atPath: path) {
            return access(path, W_OK) == 0 ? nil : failure("the alert log \(path) cannot be written")
        }
        guard let (dir, _) = nearestExisting(above: path) else { return nil }
        return access(dir, W_OK | X_OK) == 0 ? nil : failure("the alert log cannot be created in \(dir)")
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
