import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a file the daemon writes (the store, an alert log) can be made where
/// the config puts it, judged before the daemon needs it. The daemon creates the
/// missing directories of the path, so what matters is the nearest one that exists.
enum FilePlace {
    /// What is at `path` that no one could make the file there over.
    enum Obstacle {
        /// `path` is a directory.
        case isDirectory
        /// In the way of anyone: a file where a directory of the path should be,
        /// a loop of links, an I/O error (the reason, said whole).
        case blocked(String)

        static func unreachable(_ at: String, _ code: Int32) -> Obstacle { .blocked("\(at): \(String(cString: strerror(code)))") }
    }

    /// What stops anyone from creating the file at `path`, or nil.
    static func obstacle(_ path: String) -> Obstacle? {
        switch lookUp(path) {
        case .found(_, isDirectory: true): return .isDirectory
        case .found: return nil
        case .unreachable(let at, let code): return code == EACCES ? nil : .unreachable(at, code)
        case nil: break
        }
        switch nearestExisting(above: path) {
        case .found(let existing, isDirectory: false): return .blocked("\(existing) is not a directory")
        case .unreachable(let at, let code) where code != EACCES: return .unreachable(at, code)
        default: return nil
        }
    }

    /// What stops the user running this from writing `what` at `path`, or nil;
    /// `permission` when it is this user's permission (another user, the
    /// daemon's, may have it), rather than something in the way of anyone (a
    /// read-only filesystem, a file). `beside`: what the daemon does in the
    /// file's directory even when the file exists (the store's -wal, -shm and
    /// lock files; a log's rotation), so that directory must be writable too.
    /// Said by `check` only: `feeds` or `tail`, run by someone who may read but
    /// not write, must not refuse the config for it.
    static func unwritable(_ path: String, what: String, beside: String? = nil) -> (message: String, permission: Bool)? {
        if case .blocked(let blocked) = obstacle(path) { return ("\(what) cannot be created: \(blocked)", false) }
        func failure(_ message: String, _ code: Int32) -> (message: String, permission: Bool) {
            // EPERM from access(2) is an immutable file or directory (chattr +i), refused to root too: no
            // user's permission (taken as one, check passed it and the daemon then failed to start).
            ("\(message): \(String(cString: strerror(code)))", code == EACCES)
        }
        /// EACCES (obstacle() said every other errno): a directory above that
        /// this user may not search, the deepest they can see (a link as written, not what it points at); whether the file is there is unknown to them.
        func unsearchable(_ at: String) -> (message: String, permission: Bool) {
            // lstat, not stat: a link whose target is closed is itself in a directory this user can see,
            // and what they wrote (the link) is what they cannot get through.
            var dir = at, info = stat()
            while lstat(dir, &info) != 0, dir != "/" { dir = (dir as NSString).deletingLastPathComponent }
            return failure("\(what) cannot be reached through \(dir)", EACCES)
        }
        var exists = false
        switch lookUp(path) {
        case .found:
            exists = true
            if access(path, W_OK) != 0 {
                let code = errno
                return failure("\(what) \(path) cannot be written", code)
            }
            if beside == nil { return nil }
        case .unreachable(let at, _):
            return unsearchable(at)
        case nil:
            break
        }
        switch nearestExisting(above: path) {
        case .found(let dir, _):
            if access(dir, W_OK | X_OK) == 0 { return refusesNewFiles(dir, what: what) }
            let code = errno
            return failure(exists ? "\(what) cannot \(beside ?? "") in \(dir)" : "\(what) cannot be created in \(dir)", code)
        case .unreachable(let at, _):
            return unsearchable(at)
        case nil:
            return nil
        }
    }

    /// What `access(2)` cannot tell: a directory whose filesystem refuses new files whatever its permission
    /// bits say (sysfs, procfs: root may "write" /sys, and still cannot create a file there). Found by
    /// creating a file in it and removing it at once; a refusal where the permissions allow is no user's.
    private static func refusesNewFiles(_ dir: String, what: String) -> (message: String, permission: Bool)? {
        var template = Array((dir as NSString).appendingPathComponent(".wirewatch-check-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let code = errno
        guard fd < 0 else {
            close(fd)
            unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
            return nil
        }
        // A full disk or quota is now, not the place: the daemon may well find room when it writes.
        // ENOENT in a directory that is there: procfs ("/proc" passed check, and the daemon could not start).
        guard [EACCES, EPERM, EROFS, ENOENT].contains(code) else { return nil }
        let reason = code == ENOENT ? "its filesystem makes no new files" : String(cString: strerror(code))
        return ("\(what) cannot be created in \(dir): \(reason)", false)
    }

    /// `path` with every link in it followed, each from the directory it is in (what
    /// NSString.resolvingSymlinksInPath gets wrong for a relative link: it reads it from the
    /// working directory). What does not exist yet is kept as written below the deepest directory that does;
    /// a link to what does not exist yet is followed, as SQLite and `open(O_CREAT)` follow it to create its
    /// target: resolved beside the link, a store's lock moved to beside the target once the file was made, and
    /// a second daemon naming the target ran on the same store (review of the lead's mends, 1).
    static func resolvingLinks(_ path: String) -> String {
        var existing = path, rest: [String] = [], hops = 0
        while !existing.isEmpty {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                return ([String(cString: real)] + rest.reversed()).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
            }
            guard errno == ENOENT || errno == ENOTDIR, existing != "/" else { break }
            if errno == ENOENT, hops < 40, let target = linkTarget(existing) {
                hops += 1
                existing = target.hasPrefix("/") ? target : ((existing as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
                continue
            }
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing { break }
            rest.append((existing as NSString).lastPathComponent)
            existing = parent
        }
        return path
    }

    /// What the symbolic link at `path` points at, as written in it; nil when `path` is not a link.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private enum Existing {
        case found(String, isDirectory: Bool)
        /// Cannot be looked at (the errno: EACCES, ELOOP…): whether it is there is not known.
        case unreachable(String, Int32)
    }

    /// `path` (following links) when it exists; nil when it does not (or a file stands where a directory of it should).
    private static func lookUp(_ path: String) -> Existing? {
        var info = stat()
        if stat(path, &info) == 0 { return .found(path, isDirectory: info.st_mode & S_IFMT == S_IFDIR) }
        let code = errno
        return code == ENOENT || code == ENOTDIR ? nil : .unreachable(path, code)
    }

    /// The deepest directory of `path` that exists, walking up only past what is missing.
    private static func nearestExisting(above path: String) -> Existing? {
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty {
            if let existing = lookUp(dir) { return existing }
            if dir == "/" { return nil }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }
}
