import Foundation
import Glibc
import WirewatchCore

/// Reads an alert log as `tail -F` does: what is there first, then whatever
/// is appended, across rotation (a new file at the path: the rest of the old
/// file is read before the new one) and truncation.
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
        let data = Self.readToEnd(fd)
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { data.prefix(through: $0) } ?? Data()
        let lines = complete.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        return (lines, UInt64(complete.count), Self.inode(fd))
    }

    /// The last `count` complete lines now in the file.
    public func lastLines(_ count: Int) -> (lines: [Data], offset: UInt64, inode: UInt64) {
        let h = history()
        return (Array(h.lines.suffix(count)), h.offset, h.inode)
    }

    /// Calls `body` with every complete line appended after `offset`, until cancelled.
    public func follow(from offset: UInt64, inode startInode: UInt64, _ body: @Sendable (Data) -> Void) async {
        var fd: Int32 = -1
        var partial = Data()
        var position = offset
        defer { if fd >= 0 { close(fd) } }
        // The file we were shown is the one to continue; if it is gone or replaced, start on the new one.
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0, Self.inode(fd) != startInode { position = 0 }
        while !Task.isCancelled {
            if fd >= 0 {
                var st = stat()
                if fstat(fd, &st) == 0, UInt64(st.st_size) < position { position = 0; partial.removeAll() } // truncated
                lseek(fd, off_t(position), SEEK_SET)
                let chunk = Self.readToEnd(fd)
                position += UInt64(chunk.count)
                partial.append(chunk)
                while let nl = partial.firstIndex(of: UInt8(ascii: "\n")) {
                    body(Data(partial[partial.startIndex..<nl]))
                    partial.removeSubrange(partial.startIndex...nl)
                }
            }
            // Rotated (or created): the old file is drained above; switch to the new one.
            var st = stat()
            if stat(path, &st) == 0, fd < 0 || UInt64(st.st_ino) != Self.inode(fd) {
                if fd >= 0 { close(fd) }
                fd = open(path, O_RDONLY | O_CLOEXEC)
                position = 0
                partial.removeAll()
                continue
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }

    private static func readToEnd(_ fd: Int32) -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    private static func inode(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
