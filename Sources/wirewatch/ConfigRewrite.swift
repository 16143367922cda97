import Foundation

/// Replaces the operator's config file with `text`, as `opml import` edits it: through a link (a config kept
/// in a git checkout or a ConfigMap and linked from /etc), keeping the file's mode, owner and group (a config
/// made 0640 for the service's group), and atomically (written beside it, then renamed over it). Foundation's
/// atomic write replaced the link with a new file, world-readable, in root's group (trial finding 31).
enum ConfigRewrite {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func replace(_ path: String, with text: String) throws {
        var target = path
        if let real = realpath(path, nil) { target = String(cString: real); free(real) }
        var old = stat()
        guard stat(target, &old) == 0 else { throw Failure(description: "\(target): \(String(cString: strerror(errno)))") }
        var template = Array((target + ".wirewatch-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot write beside \(target): \(String(cString: strerror(errno)))") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var done = false
        defer { if !done { unlink(temporary) } }
        let data = Array(text.utf8)
        var written = 0
        while written < data.count {
            let n = data[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { let code = errno; close(fd); throw Failure(description: "\(temporary): \(String(cString: strerror(code)))") }
            written += n
        }
        // The owner and group first (only root may give a file away; anyone else keeps their own), then the mode.
        _ = fchown(fd, old.st_uid, old.st_gid)
        let kept = fchmod(fd, old.st_mode & 0o7777) == 0 && fsync(fd) == 0
        let code = errno
        close(fd)
        guard kept else { throw Failure(description: "\(temporary): \(String(cString: strerror(code)))") }
        guard rename(temporary, target) == 0 else { throw Failure(description: "\(target): \(String(cString: strerror(errno)))") }
        done = true
    }
}
