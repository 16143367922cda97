import Foundation
import Glibc

extension StoreLock {
    /// The pid of the wirewatch that holds the lock beside the store at `storePath`, or nil when none
    /// does. Read from /proc/locks rather than by trying the lock: a probe holding it even for a moment
    /// could make a daemon starting just then find it taken and refuse to start.
    public static func holder(storePath: String) -> Int32? {
        let path = storePath + ".lock"
        var st = stat()
        guard stat(path, &st) == 0,
              let written = try? String(contentsOfFile: path, encoding: .utf8),
              let pid = Int32(written.trimmingCharacters(in: .whitespacesAndNewlines)),
              // Read to its end: /proc/locks says its size is 0, and String(contentsOfFile:) then reads
              // one page of it only (4,088 of 21,902 bytes with 400 locks held), missing the holder's
              // line on a machine holding many locks (every SQLite file in WAL mode holds some).
              let proc = FileHandle(forReadingAtPath: "/proc/locks"),
              let locks = Optional(String(decoding: proc.readDataToEndOfFile(), as: UTF8.self)) else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 4242 fe:00:2547770 0 EOF": the holder's pid, then major:minor:inode.
        let held = locks.split(separator: "\n").contains { line in
            let f = line.split(separator: " ")
            return f.count >= 6 && f[1] == "FLOCK" && f[3] == "WRITE" && Int32(f[4]) == pid
                && f[5].split(separator: ":").last.flatMap { UInt64($0) } == UInt64(st.st_ino)
        }
        return held ? pid : nil
    }
}
