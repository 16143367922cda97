import Foundation
import WirewatchCore

/// Reads an alert log as `tail -F` does: the last lines first, then whatever
/// is appended, across rotation (a new file at the path) and truncation.
public struct AlertLogFollower: Sendable {
    public let path: String
    public let pollInterval: TimeInterval

    public init(path: String, pollInterval: TimeInterval = 0.25) {
        self.path = path
        self.pollInterval = pollInterval
    }

    /// The last `count` complete lines now in the file.
    public func lastLines(_ count: Int) -> (lines: [Data], offset: UInt64, inode: UInt64) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ([], 0, 0) }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { data.prefix(through: $0) } ?? Data()
        let lines = complete.split(separator: UInt8(ascii: "\n")).suffix(count).map { Data($0) }
        return (lines, UInt64(complete.count), inode())
    }

    /// Calls `body` with every complete line appended after `offset`, until cancelled.
    public func follow(from offset: UInt64, inode startInode: UInt64, _ body: @Sendable (Data) -> Void) async {
        var offset = offset
        var currentInode = startInode
        var partial = Data()
        while !Task.isCancelled {
            let ino = inode()
            if ino != currentInode {
                // Rotated: read the new file from its start.
                currentInode = ino
                offset = 0
                partial.removeAll()
            }
            if let handle = FileHandle(forReadingAtPath: path) {
                let size = (try? handle.seekToEnd()) ?? 0
                if size < offset { offset = 0; partial.removeAll() } // truncated
                if size > offset {
                    try? handle.seek(toOffset: offset)
                    let chunk = (try? handle.readToEnd()) ?? Data()
                    offset += UInt64(chunk.count)
                    partial.append(chunk)
                    while let nl = partial.firstIndex(of: UInt8(ascii: "\n")) {
                        body(Data(partial[partial.startIndex..<nl]))
                        partial.removeSubrange(partial.startIndex...nl)
                    }
                }
                try? handle.close()
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }

    private func inode() -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
