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
        var seen = Data()
        defer { if fd >= 0 { close(fd) } }
        // The file we were shown is the one to continue; if it is gone or replaced, start on the new one.
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0, Self.inode(fd) != startInode { position = 0 }
        if fd >= 0, position > 0 {
            let n = min(position, 64)
            seen = Self.bytes(fd, at: position - n, count: Int(n))
        }
        while !Task.isCancelled {
            if fd >= 0 {
                // Truncated in place (copytruncate), even if rewritten past where we were: the
                // bytes just before our position are no longer the ones we read.
                if Self.wasRewritten(fd, position: position, expecting: seen) { position = 0; partial.removeAll() }
                lseek(fd, off_t(position), SEEK_SET)
                let chunk = Self.readToEnd(fd)
                position += UInt64(chunk.count)
                seen = (seen + chunk).suffix(64)
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
                seen.removeAll()
                partial.removeAll()
                continue
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }

    private static func wasRewritten(_ fd: Int32, position: UInt64, expecting seen: Data) -> Bool {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return false }
        if UInt64(st.st_size) < position { return true }
        guard !seen.isEmpty else { return false }
        return bytes(fd, at: position - UInt64(seen.count), count: seen.count) != seen
    }

    private static func bytes(_ fd: Int32, at offset: UInt64, count: Int) -> Data {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return Data(buffer.prefix(max(0, n)))
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
