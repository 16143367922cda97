import Foundation
import Glibc

extension AlertLogFollower {
    /// The file a follower has open (if any), its place in it, and what is needed to find the files
    /// that came after it when the log rotates.
    final class OpenLog {
        let path: String
        private var fd: Int32
        private var cursor: AlertLogCursor
        /// The file being read, or the last one read once the path was found empty: what came after
        /// it is found from it. 0: no file yet.
        private var inode: UInt64
        private let arrivals: LogPathArrivals?
        /// Files that came to be at the path since the one being read did; nil when that cannot be told.
        private var arrived: Int?
        /// Why `arrived` is nil.
        private var uncounted = "no count of rotations is kept"
        private var notices: [String] = []

        /// The file `place` holds, from its offset, whether it is still at the path or rotated (even
        /// deleted) since. With no place (no file was there when the history was read), whatever file
        /// is at the path is read from its start.
        init(path: String, from place: LogPlace?, arrivals: LogPathArrivals? = nil) {
            self.path = path
            self.arrivals = arrivals
            let seen = arrivals?.take()
            if let place, place.fd >= 0 {
                fd = dup(place.fd)
                inode = AlertLogFollower.inode(fd)
                cursor = AlertLogCursor(fd: fd, offset: fd >= 0 ? place.offset : 0)
                var st = stat()
                if stat(path, &st) == 0, UInt64(st.st_ino) == inode {
                    arrived = arrivals?.counting == true ? 0 : nil
                } else {
                    // Counted since before the history was read: what came after it.
                    arrived = seen?.arrivals
                    if let why = seen?.unknown { uncounted = why }
                }
            } else {
                fd = open(path, O_RDONLY | O_CLOEXEC)
                inode = fd >= 0 ? AlertLogFollower.inode(fd) : 0
                cursor = AlertLogCursor(fd: fd, offset: 0)
                arrived = arrivals?.counting == true ? 0 : nil
            }
        }

        deinit { if fd >= 0 { close(fd) } }

        /// The whole lines appended to the open file since the last look.
        func advance() -> [Data] { fd >= 0 ? cursor.advance(fd) : [] }

        /// When another file is at the path (rotated, or created): the lines the old file was
        /// given after the last `advance`, then those of every rotated file that came after it,
        /// oldest first; the new file is opened, to be read from its start. Nil while the path
        /// names the open file (or nothing). Rotated files deleted before they could be read are
        /// said in `takeNotices()`.
        func followPath() -> [Data]? {
            note(arrivals?.take())
            var st = stat()
            guard stat(path, &st) == 0, fd < 0 || UInt64(st.st_ino) != AlertLogFollower.inode(fd) else { return nil }
            // What comes after is opened while nothing moves: a rotation in the middle of the look
            // would shift the names under it, so the look is made again.
            for attempt in 1... {
                let after = inode == 0 ? RotatedLogFiles() : RotatedLogFiles.after(inode, fd: fd, path: path, arrivals: arrived)
                let next = open(path, O_RDONLY | O_CLOEXEC)
                let seen = arrivals?.take()
                if seen?.moved == true, attempt < 20 {
                    after.close()
                    if next >= 0 { close(next) }
                    note(seen)
                    continue
                }
                let steady = seen.map { !$0.moved && $0.arrivals != nil } ?? false
                note(seen)
                say(after)
                return move(to: next, after: after, counted: steady && arrivals?.counting == true)
            }
            return nil
        }

        /// What the follower must say, once each: alerts it could not show.
        func takeNotices() -> [String] {
            defer { notices = [] }
            return notices
        }

        /// Reads the rest of the open file and all of `after`'s, then takes `next` (-1 when the path
        /// was gone again) as the file to read, from its start.
        private func move(to next: Int32, after: RotatedLogFiles, counted: Bool) -> [Data] {
            var lines = advance()
            var passing = cursor.passingOverInTheNextFile
            if fd >= 0 { close(fd) }
            for f in after.files {
                var rotated = AlertLogCursor(fd: f, offset: 0, passingOver: passing)
                lines += rotated.advance(f)
                passing = rotated.passingOverInTheNextFile
                inode = AlertLogFollower.inode(f)
            }
            after.close()
            fd = next
            // Lines taken back from the old file, before or after this look, may be written again
            // into the new one.
            cursor = AlertLogCursor(fd: fd, offset: 0, passingOver: passing)
            if next >= 0 {
                inode = AlertLogFollower.inode(next)
                arrived = counted ? 0 : nil
            } else {
                arrived = nil  // the last file read stays `inode`: what comes after it is found from it
            }
            if !counted { uncounted = arrivals?.unknown ?? "the log kept moving while tail looked" }
            return lines
        }

        private func say(_ after: RotatedLogFiles) {
            if after.deleted > 0 {
                let one = after.deleted == 1
                let times = arrived.map { " (it was rotated \($0) times between two reads)" } ?? ""
                notices.append("\(path): \(after.deleted) rotated \(one ? "file was" : "files were") deleted before tail could read "
                    + "\(one ? "it" : "them")\(times): \(one ? "its" : "their") alerts are not shown; a larger rotate.size or rotate.keep gives tail time")
            } else if after.uncertain {
                notices.append("\(path): the file tail was reading was rotated out of the kept ones, and tail could not count the rotations "
                    + "(\(uncounted)): the alerts of rotated files deleted meanwhile, if any, are not shown")
            }
        }

        /// Adds what `seen` counted to `arrived`; a look that could not count makes it unknown.
        private func note(_ seen: LogPathArrivals.Seen?) {
            guard let seen else { arrived = nil; return }
            if let a = arrived, let b = seen.arrivals {
                arrived = a + b
            } else {
                arrived = nil
                if let why = seen.unknown { uncounted = why }
            }
        }
    }
}
