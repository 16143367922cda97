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
            if let place, case let held = place.take(), held >= 0 {
                fd = held
                inode = AlertLogFollower.inode(fd)
                cursor = AlertLogCursor(fd: fd, offset: place.offset)
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
                // Still no file: whatever comes to be at the path, and is rotated, before the first look is counted.
                arrived = fd >= 0 ? (arrivals?.counting == true ? 0 : nil) : seen?.arrivals
            }
        }

        deinit { if fd >= 0 { close(fd) } }

        /// Hands `body` the whole lines appended to the open file since the last look.
        func advance(_ body: (Data) -> Void) { if fd >= 0 { cursor.advance(fd, body) } }

        /// When another file is at the path (rotated, or created): hands `body` the lines the old file
        /// was given after the last `advance`, then those of every rotated file that came after it,
        /// oldest first, each file's as it is read; the new file is opened, to be read from its start,
        /// and true is returned. False while the path names the open file (or nothing). Rotated files
        /// deleted before they could be read are said in `takeNotices()`.
        func followPath(_ body: (Data) -> Void) -> Bool {
            note(arrivals?.take())
            var st = stat()
            guard stat(path, &st) == 0, fd < 0 || UInt64(st.st_ino) != AlertLogFollower.inode(fd) else { return false }
            // What comes after is opened while nothing moves: a rotation in the middle of the look
            // would shift the names under it, so the look is made again.
            for attempt in 1... {
                // With no file read yet, the files rotated before the first look are found by their count alone.
                let after = inode == 0 && arrived == nil ? RotatedLogFiles()
                    : RotatedLogFiles.after(inode, fd: fd, path: path, arrivals: arrived)
                let next = open(path, O_RDONLY | O_CLOEXEC)
                let seen = arrivals?.take()
                if seen?.moved == true || !steady(after), attempt < 20 {
                    after.close()
                    if next >= 0 { close(next) }
                    note(seen)
                    continue
                }
                let steady = seen.map { !$0.moved && $0.arrivals != nil } ?? false
                note(seen)
                say(after)
                move(to: next, after: after, counted: steady && arrivals?.counting == true, body)
                return true
            }
            return false
        }

        /// Without a count of what moved (no inotify), whether the look was made while nothing moved: the newest file it
        /// read, or the one read before when it read none, is `.1`. A rotation between the look and the path's `open`
        /// would otherwise leave a whole file unread, without a word. With a count, `moved` tells.
        private func steady(_ after: RotatedLogFiles) -> Bool {
            guard arrivals?.counting != true, let newest = after.files.last ?? (fd >= 0 ? fd : nil) else { return true }
            var st = stat()
            return stat("\(path).1", &st) == 0 && UInt64(st.st_ino) == AlertLogFollower.inode(newest)
        }

        /// What the follower must say, once each: alerts it could not show.
        func takeNotices() -> [String] {
            defer { notices = [] }
            return notices
        }

        /// Hands `body` the rest of the open file and all of `after`'s, then takes `next` (-1 when the
        /// path was gone again) as the file to read, from its start.
        private func move(to next: Int32, after: RotatedLogFiles, counted: Bool, _ body: (Data) -> Void) {
            advance(body)
            var passing = cursor.passingOverInTheNextFile
            var last = (fd: fd, cursor: cursor)
            for f in after.files {
                var rotated = AlertLogCursor(fd: f, offset: 0, passingOver: passing)
                rotated.advance(f, body)
                passing = rotated.passingOverInTheNextFile
                if last.fd >= 0 { close(last.fd) }
                last = (f, rotated)
                inode = AlertLogFollower.inode(f)
            }
            if next >= 0 {
                if last.fd >= 0 { close(last.fd) }
                fd = next
                // Lines taken back from the old file, before or after this look, may be written again
                // into the new one.
                cursor = AlertLogCursor(fd: fd, offset: 0, passingOver: passing)
                inode = AlertLogFollower.inode(next)
                arrived = counted ? 0 : nil
            } else {
                // No file at the path: the last one read stays open (and read on), so what comes after it is found
                // from it: a closed file's inode number may be given to a newer file once it is deleted.
                (fd, cursor) = last
                arrived = nil
            }
            if !counted { uncounted = arrivals?.unknown ?? "the log kept moving while tail looked" }
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
