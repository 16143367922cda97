import Foundation
import Glibc

/// Reads a file's lines from its end towards its start, a chunk at a time, so the
/// recent lines of a large log cost what they weigh, not what the whole log weighs.
enum LogLinesBackward {
    /// Hands `body` each whole line of the file open as `fd` before `end` (default: the file's size),
    /// the last line first and without its newline, until `body` returns false, `maxBytes` have been
    /// read (a line cut by that bound is not handed over), or the start of the file.
    /// How much is read at a time.
    private static let chunk = 1 << 16

    static func scan(fd: Int32, end: Int? = nil, maxBytes: Int = .max, _ body: (ArraySlice<UInt8>) -> Bool) {
        scan(fd: fd, end: end, maxBytes: maxBytes) { line, _ in body(line) }
    }

    /// `scan(fd:)`, handing `body` also where each line starts in the file.
    static func scan(fd: Int32, end: Int? = nil, maxBytes: Int = .max, _ body: (_ line: ArraySlice<UInt8>, _ start: Int) -> Bool) {
        var bytesRead = 0
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        var pos = min(end ?? Int(st.st_size), Int(st.st_size))
        // The start of a line whose beginning lies further left, kept from the previous chunk.
        var pending: [UInt8] = []
        while pos > 0 {
            guard bytesRead < maxBytes else { return }
            let n = min(chunk, pos)
            pos -= n
            var data = [UInt8](repeating: 0, count: n)
            let got = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, n, off_t(pos)) }
            guard got == n else { return }
            bytesRead += n
            data.append(contentsOf: pending)
            var lineEnd = data.count
            while let newline = data[..<lineEnd].lastIndex(of: UInt8(ascii: "\n")) {
                let line = data[(newline + 1)..<lineEnd]
                // `data` starts at `pos` in the file.
                if !line.isEmpty, !body(line, pos + line.startIndex) { return }
                lineEnd = newline
            }
            pending = Array(data[..<lineEnd])
        }
        if !pending.isEmpty { _ = body(pending[...], 0) }
    }

    /// The length of `fd`'s file up to and including its last newline (0 without one).
    static func wholeLinesLength(fd: Int32, size: Int) -> Int {
        var pos = size
        var data = [UInt8](repeating: 0, count: chunk)
        while pos > 0 {
            let n = min(chunk, pos)
            pos -= n
            let got = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, n, off_t(pos)) }
            guard got == n else { return 0 }
            if let newline = data[..<n].lastIndex(of: UInt8(ascii: "\n")) { return pos + newline + 1 }
        }
        return 0
    }
}
