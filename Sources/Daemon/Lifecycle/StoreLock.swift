import Foundation
import Glibc

/// One daemon per store. A second `wirewatch run` on the same SQLite file would
/// poll every feed twice and claim the same outbox rows, sending each webhook
/// twice; so `run` takes an exclusive `flock` on `STORE.lock` and holds it for
/// its lifetime (the kernel drops it when the process dies, even by SIGKILL).
/// A lock file beside the store, not the store itself: closing any descriptor of
/// the SQLite file would drop SQLite's own POSIX locks in this process. The CLI's
/// other commands (`feeds`, `deliver`, `rules backtest`) only look whether it is
/// held (`isHeld`), by trying it shared for a moment.
public final class StoreLock: Sendable {
    private let fd: Int32

    public struct Held: Error, CustomStringConvertible {
        public var description: String
    }

    public init(storePath: String) throws {
        let path = storePath + ".lock"
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try Self.makeDirectories(dir) }
        let f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard f >= 0 else { throw Held(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        guard Self.take(f) else {
            let reason = errno
            var holder = [UInt8](repeating: 0, count: 32)
            let n = pread(f, &holder, holder.count, 0)
            close(f)
            if reason == EWOULDBLOCK {
                let pid = String(decoding: holder.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                throw Held(description: "another wirewatch\(pid.isEmpty ? "" : " (pid \(pid))") is already running on this store; "
                    + "one store serves one daemon (the lock is \(path))")
            }
            throw Held(description: "cannot lock \(path): \(String(cString: strerror(reason)))")
        }
        // Who holds it, for the second daemon's message.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(f, 0)
        _ = pwrite(f, pid, pid.count, 0)
        fd = f
    }

    deinit { close(fd) }

    /// The exclusive lock, taken without waiting on another daemon. A command beside the daemon asks
    /// whether the lock is held by trying a shared lock for a moment (`isHeld`): a daemon starting
    /// just then waits that moment out rather than refusing to start. False with errno set when
    /// another holds it exclusively (or a shared holder has not let go within 30 s).
    private static func take(_ f: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while flock(f, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK, flock(f, LOCK_SH | LOCK_NB) == 0 else { return false }
            _ = flock(f, LOCK_UN)
            guard Date() < deadline else {
                errno = EWOULDBLOCK
                return false
            }
            usleep(1_000)
        }
        return true
    }

    /// `mkdir -p`, failing with the system's reason ("Permission denied"), not as the open of
    /// the lock that then fails for want of the directory ("No such file or directory").
    /// FileManager's error says neither the errno nor its text.
    private static func makeDirectories(_ dir: String) throws(Held) {
        var st = stat()
        // There already (if it is no directory, opening the lock in it says so).
        if stat(dir, &st) == 0 { return }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != dir { try makeDirectories(parent) }
        guard mkdir(dir, 0o777) == 0 || errno == EEXIST else {
            throw Held(description: "cannot create \(dir): \(String(cString: strerror(errno)))")
        }
    }
}
