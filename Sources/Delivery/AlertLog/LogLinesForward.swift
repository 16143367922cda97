import Glibc

/// Reads a file's lines from a point to its end, a MiB at a time, finding newlines with memchr:
/// the alert log's last `recentBytes` (hundreds of MB) are read whole at the first delivery, and
/// a loop over the bytes in Swift would cost more than the reading.
enum LogLinesForward {
    /// Hands `body` each whole line of `fd` that starts at or after `from` and ends before `end`, in
    /// file order, with where it starts; returns the bytes read.
    static func scan(fd: Int32, from: Int, end: Int, _ body: (ArraySlice<UInt8>, Int) -> Void) -> Int {
        // From the byte before `from`: a newline there says a line starts at `from`; else the part up to the next is skipped.
        var skip = from > 0
        var (pos, offset) = (max(0, from - 1), max(0, from - 1))  // offset: where `data` starts in the file
        var data: [UInt8] = []
        var read = 0
        while pos < end {
            let n = min(1 << 20, end - pos)
            let kept = data.count
            data.append(contentsOf: repeatElement(0, count: n))
            let got = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + kept, n, off_t(pos)) }
            guard got > 0 else { break }
            if got < n { data.removeLast(n - got) }
            (read, pos) = (read + got, pos + got)
            var lineStart = 0
            data.withUnsafeBytes { buf in
                while lineStart < buf.count, let newline = memchr(buf.baseAddress! + lineStart, Int32(UInt8(ascii: "\n")), buf.count - lineStart) {
                    let lineEnd = buf.baseAddress!.distance(to: UnsafeRawPointer(newline))
                    if skip { skip = false } else if lineEnd > lineStart { body(data[lineStart..<lineEnd], offset + lineStart) }
                    lineStart = lineEnd + 1
                }
            }
            data.removeFirst(lineStart)
            offset += lineStart
        }
        return read
    }
}
