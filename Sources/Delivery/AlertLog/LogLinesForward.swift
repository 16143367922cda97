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
        var pos = max(0, from - 1)
        var offset = pos  // where `buffer` starts in the file
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var kept = 0  // the start of an unfinished line, at the buffer's start
        var read = 0
        while pos < end {
            // A line longer than the buffer: it grows.
            if kept == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let n = min(buffer.count - kept, end - pos)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + kept, n, off_t(pos)) }
            guard got > 0 else { break }
            (read, pos) = (read + got, pos + got)
            let filled = kept + got
            var lineStart = 0
            buffer.withUnsafeBytes { buf in
                let base = buf.baseAddress!
                while lineStart < filled, let newline = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), filled - lineStart) {
                    let lineEnd = base.distance(to: UnsafeRawPointer(newline))
                    if skip { skip = false } else if lineEnd > lineStart { body(buffer[lineStart..<lineEnd], offset + lineStart) }
                    lineStart = lineEnd + 1
                }
            }
            kept = filled - lineStart
            buffer.withUnsafeMutableBytes { buf in _ = memmove(buf.baseAddress!, buf.baseAddress! + lineStart, kept) }
            offset += lineStart
        }
        return read
    }
}
