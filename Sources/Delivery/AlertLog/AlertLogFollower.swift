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

    /// Every complete line now in the file, the offset after the last one, and the file's inode.
    public func history() -> (lines: [Data], offset: UInt64, inode: UInt64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ([], 0, 0) }
        defer { close(fd) }
        let data = AlertLogCursor.readToEnd(fd)
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { data.prefix(through: $0) } ?? Data()
        let lines = complete.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        return (lines, UInt64(complete.count), Self.inode(fd))
    }

    /// Calls `body` with every complete line appended after `offset`, until cancelled. A line
    /// is handed over once its newline is there; a torn line the writer cuts off is passed over.
    public func follow(from offset: UInt64, inode startInode: UInt64, _ body: @Sendable (Data) -> Void) async {
        // The file we were shown is the one to continue; if it is gone or replaced, start on the new one.
        var fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { close(fd) } }
        var cursor = AlertLogCursor(fd: fd, offset: fd >= 0 && Self.inode(fd) != startInode ? 0 : offset)
        while !Task.isCancelled {
            if fd >= 0 {
                for line in cursor.advance(fd) { body(line) }
            }
            // Rotated (or created): the old file is drained above; switch to the new one.
            var st = stat()
            if stat(path, &st) == 0, fd < 0 || UInt64(st.st_ino) != Self.inode(fd) {
                if fd >= 0 { close(fd) }
                fd = open(path, O_RDONLY | O_CLOEXEC)
                cursor = AlertLogCursor(fd: fd, offset: 0)
                continue
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }

    private static func inode(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
