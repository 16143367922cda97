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

    /// The lock of the store at `storePath`: beside the file the path leads to, its links followed, so that a
    /// second config naming the store through a symbolic link (or a linked directory) takes the same lock
    /// (trial3 finding 2: two daemons ran on one store, each polling every feed and sending every webhook).
    public static func lockPath(storePath: String) -> String {
        FilePlace.resolvingLinks(storePath) + ".lock"
    }

    /// Why a store file with more than one name (hard links) is refused, or nil: a daemon on another name writes
    /// its write-ahead log beside that name, into the same file. Refused by `run` and by the commands beside a
    /// daemon, which did not see the daemon through the other name and wrote a log of their own into its file
    /// (review of the lead's mends, 7).
    public static func secondNames(storePath: String) -> String? {
        var st = stat()
        guard stat(storePath, &st) == 0, st.st_nlink > 1 else { return nil }
        return "the store file has \(st.st_nlink) names (hard links): a daemon or command on another of them would write a "
            + "write-ahead log of its own into the same file and ruin it; remove the other names (find / -xdev -samefile \(storePath)) "
            + "or copy the store to a file of its own"
    }

    /// `patience`: how long a lock held shared (a command beside the daemon looking) is waited out.
    public init(storePath: String, patience: TimeInterval = 30) throws {
        let path = Self.lockPath(storePath: storePath)
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try Self.makeDirectories(dir) }
        let f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard f >= 0 else { throw Held(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        switch Self.take(f, patience: patience) {
        case .taken:
            break
        case .heldShared:
            close(f)
            throw Held(description: "the lock \(path) has been held shared by another process for \(FeedMetrics.format(patience)) s; no wirewatch holds it "
                + "(a wirewatch command beside the daemon holds it only a moment; lslocks shows who does)")
        case .failed(EWOULDBLOCK):
            var holder = [UInt8](repeating: 0, count: 32)
            let n = pread(f, &holder, holder.count, 0)
            close(f)
            let pid = String(decoding: holder.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Held(description: "another wirewatch\(pid.isEmpty ? "" : " (pid \(pid))") is already running on this store; "
                + "one store serves one daemon (the lock is \(path))")
        case .failed(let reason):
            close(f)
            throw Held(description: "cannot lock \(path): \(String(cString: strerror(reason)))")
        }
        // A store file with another name (a hard link) is a second store to a daemon on that name: its lock beside
        // that name, its -wal and -shm too, so two daemons wrote two write-ahead logs of one file, and ruined it
        // (trial3 finding 2). A link cannot be followed back, so such a file is refused.
        if let linked = Self.secondNames(storePath: storePath) {
            close(f)
            throw Held(description: linked)
        }
        // Who holds it, for the second daemon's message.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(f, 0)
        _ = pwrite(f, pid, pid.count, 0)
        fd = f
    }

    deinit { close(fd) }

    /// How trying the exclusive lock ended.
    private enum Taking {
        case taken
        /// Held exclusively by another (EWOULDBLOCK: a daemon), or the system's reason.
        case failed(Int32)
        /// Held shared past the deadline: by no wirewatch, whose commands hold it only a moment.
        case heldShared
    }

    /// The exclusive lock, taken without waiting on another daemon. A command beside the daemon asks
    /// whether the lock is held by trying a shared lock for a moment (`isHeld`): a daemon starting
    /// just then waits that moment out rather than refusing to start, for up to `patience`.
    private static func take(_ f: Int32, patience: TimeInterval) -> Taking {
        let deadline = Date().addingTimeInterval(patience)
        while flock(f, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { return .failed(errno) }
            guard flock(f, LOCK_SH | LOCK_NB) == 0 else { return .failed(errno) }
            _ = flock(f, LOCK_UN)
            guard Date() < deadline else { return .heldShared }
            usleep(1_000)
        }
        return .taken
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
