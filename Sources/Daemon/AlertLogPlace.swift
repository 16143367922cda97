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

    /// What stops the user running this from writing the log (a read-only
    /// filesystem, a directory it may not write in), or nil. Said by `check`
    /// only: `feeds` or `tail`, run by someone who may read the log but not
    /// write it, must not refuse the config for it.
    static func unwritable(_ path: String) -> String? {
        if let blocked = blocked(path) { return "the alert log cannot be created: \(blocked)" }
        if FileManager.default.fileExists(atPath: path) {
            return access(path, W_OK) == 0 ? nil : "the alert log \(path) cannot be written: \(String(cString: strerror(errno)))"
        }
        guard let (dir, _) = nearestExisting(above: path) else { return nil }
        return access(dir, W_OK | X_OK) == 0 ? nil : "the alert log cannot be created in \(dir): \(String(cString: strerror(errno)))"
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
