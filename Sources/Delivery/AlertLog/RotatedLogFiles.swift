import Foundation
import Glibc

/// The files rotation left behind the alert log, named as the alert-log sink's own rotation and
/// logrotate (without `dateext`) name them: `alerts.jsonl.1` the newest, then `.2` … The files that
/// came after the one a follower was reading are found by that file's inode, or, once it has been
/// deleted, by how many files came to be at the log's path since it did (`LogPathArrivals`).
struct RotatedLogFiles {
    /// The files after the one that was read, oldest first, open.
    var files: [Int32] = []
    /// Rotated files that came after it and were gone before they could be opened.
    var deleted = 0
    /// The file that was read was deleted and the rotations could not be counted: files between it and
    /// the oldest one kept may have been deleted too.
    var uncertain = false

    /// What came after the file whose inode is `inode` (still open as `fd`, or -1), given `arrivals`: the
    /// files that came to be at `path` since that file did (nil when they could not be counted).
    static func after(_ inode: UInt64, fd: Int32, path: String, arrivals: Int?) -> RotatedLogFiles {
        var positions: [Int: UInt64] = [:]
        var oldest = 0
        // Past the first gap only as far as the count reaches: a file deleted by hand leaves one.
        for k in 1...10_000 {
            var st = stat()
            if stat("\(path).\(k)", &st) == 0 {
                positions[k] = UInt64(st.st_ino)
                oldest = k
            } else if k > (arrivals ?? 0) {
                break
            }
        }
        var found = RotatedLogFiles()
        let wanted: [Int]
        var newerThan: timespec?
        if let at = positions.first(where: { $0.value == inode })?.key {
            wanted = Array((1..<at).reversed())
        } else if let arrivals {
            // It would be at `.arrivals`; the ones after it below that.
            wanted = Array((1..<max(1, arrivals)).reversed())
        } else {
            // Only files written since its last line: a file deleted by hand, or moved away by
            // another scheme, leaves older files under these names.
            var st = stat()
            if fd >= 0, fstat(fd, &st) == 0 { newerThan = st.st_mtim }
            wanted = Array((0..<oldest).map { oldest - $0 })
            found.uncertain = oldest > 0
        }
        var seen: Set<UInt64> = [inode]
        for k in wanted {
            let f = open("\(path).\(k)", O_RDONLY | O_CLOEXEC)
            guard f >= 0 else { found.deleted += 1; continue }
            var st = stat()
            let fresh = fstat(f, &st) == 0 && seen.insert(UInt64(st.st_ino)).inserted
            if fresh, newerThan.map({ !Self.earlier(st.st_mtim, than: $0) }) ?? true {
                found.files.append(f)
            } else {
                Glibc.close(f)
            }
        }
        return found
    }

    func close() { for f in files { Glibc.close(f) } }

    /// Not "later": file times are coarse (a clock tick), and a file written in the tick of the
    /// other's last line is kept.
    private static func earlier(_ a: timespec, than b: timespec) -> Bool {
        a.tv_sec != b.tv_sec ? a.tv_sec < b.tv_sec : a.tv_nsec < b.tv_nsec
    }
}
