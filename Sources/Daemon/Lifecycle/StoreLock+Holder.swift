import Foundation
import Glibc

extension StoreLock {
    /// Whether a wirewatch holds the lock beside the store at `storePath`. Asked of the lock itself: a
    /// shared lock tried without waiting is refused only while someone holds it exclusively, as `run`
    /// does. Not read from /proc/locks: it is no snapshot (each read() of it gives one page and starts
    /// again at a line number, so a lock released between two reads moves the list up under the
    /// reader and one line is never read), and beside the many locks of a busy machine the holder's
    /// line was missed about once in a hundred looks. The probe holds its shared lock for a moment;
    /// a daemon starting just then waits for it to go (`StoreLock.init`).
    public static func isHeld(storePath: String) -> Bool {
        // Read-only and never created: a reader needs no write access beside the store, and must not
        // leave a lock file where no daemon has run.
        let fd = open(lockPath(storePath: storePath), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }

    /// The pid of the wirewatch that holds the lock beside the store at `storePath`, or nil when none
    /// does (or it has not yet written its pid, a moment after taking the lock).
    public static func holder(storePath: String) -> Int32? {
        isHeld(storePath: storePath) ? pidWritten(storePath: storePath) : nil
    }

    /// The pid the last wirewatch to take the lock wrote into it, read from the file alone: for a
    /// caller that has just asked `isHeld` (a dead daemon's pid stays in the file).
    public static func pidWritten(storePath: String) -> Int32? {
        guard let written = try? String(contentsOfFile: lockPath(storePath: storePath), encoding: .utf8) else { return nil }
        return Int32(written.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
