import Foundation
import Glibc
import WirewatchCore

/// Reads an alert log as `tail -F` does: what is there first, then whatever
/// is appended, across rotation (a new file at the path: the rest of the old
/// file is read before the new one), truncation, and the end of the log taken
/// back by its writer (see `AlertLogCursor`).
public struct AlertLogFollower: Sendable {
    public let path: String
    public let pollInterval: TimeInterval

    public init(path: String, pollInterval: TimeInterval = 0.25) {
        self.path = path
        self.pollInterval = pollInterval
    }

    /// The last `count` alerts in the file that `filter` accepts, oldest first, with their lines;
    /// and the place after the last whole line, in the file itself, held open. Read from the end
    /// back, so with `-n` the cost is that of the lines shown, not the whole log's. With
    /// `filter.since` the scan goes on to the file's start: lines are not in the order of their
    /// alerts' times (a delivery retried for up to a day, or a dead letter queued again days later,
    /// is written with its own old time after newer ones), so no line tells that none before it
    /// is recent.
    /// `arrivals`, counting since before this call, is emptied once the file is open: what it counted
    /// before came before this file, not after it.
    public func history(last count: Int, filter: AlertFilter, arrivals: LogPathArrivals? = nil)
        -> (alerts: [(line: Data, record: AlertRecord)], place: LogPlace) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ([], LogPlace(fd: -1, offset: 0)) }
        _ = arrivals?.take()
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); return ([], LogPlace(fd: -1, offset: 0)) }
        let end = LogLinesBackward.wholeLinesLength(fd: fd, size: Int(st.st_size))
        var alerts: [(line: Data, record: AlertRecord)] = []
        if count > 0 {
            LogLinesBackward.scan(fd: fd, end: end) { raw in
                let line = Data(raw)
                guard let record = try? AlertRecord.decode(line: line) else { return true }
                if filter.accepts(record) { alerts.append((line, record)) }
                return alerts.count < count
            }
        }
        return (alerts.reversed(), LogPlace(fd: fd, offset: UInt64(end)))
    }

    /// Where the history ended: the file it was read from, kept open, and the offset after its last
    /// whole line. Kept open so that following goes on in that very file: a file closed and looked
    /// for again by its inode may have been rotated away and deleted meanwhile, and its inode
    /// number given to a newer file at the path, which would then be read from the old file's
    /// offset (the fresh-clone CI of stop 23 lost 60 alerts so, silently).
    public final class LogPlace: @unchecked Sendable {
        /// The file, open; -1 when there was none, or once the follower took it.
        private var fd: Int32
        public let offset: UInt64

        init(fd: Int32, offset: UInt64) {
            self.fd = fd
            self.offset = offset
        }

        /// Whether `path` still names this place's file (or still nothing, when there was none): no rotation since.
        public func isAt(_ path: String) -> Bool {
            var st = stat()
            guard stat(path, &st) == 0 else { return fd < 0 }
            return fd >= 0 && UInt64(st.st_ino) == AlertLogFollower.inode(fd)
        }

        /// The file, handed over once (-1 after, or when there was none): the follower closes it when it moves on, so
        /// a file rotation deletes is not kept from the disk for the follower's life.
        func take() -> Int32 {
            defer { fd = -1 }
            return fd
        }

        deinit { if fd >= 0 { close(fd) } }
    }

    /// Calls `body` with every complete line appended after `place`, until cancelled. A line
    /// is handed over once its newline is there; a torn line the writer cuts off is passed over.
    /// `arrivals`, made before the history was read, counts the rotations from then on: when the
    /// log rotates several times between two looks, the rotated files are read in order, and
    /// `said` is told when some were deleted before they could be read.
    public func follow(from place: LogPlace, arrivals: LogPathArrivals? = nil,
                       said: @Sendable (String) -> Void = { _ in }, _ body: @Sendable (Data) -> Void) async {
        let log = OpenLog(path: path, from: place, arrivals: arrivals)
        while !Task.isCancelled {
            log.advance(body)
            if log.followPath(body) {
                for notice in log.takeNotices() { said(notice) }
                continue  // the new file's lines without waiting
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }

    static func inode(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
