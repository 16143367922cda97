import Foundation
import Glibc

/// A reader's place in the alert log it follows: the end of the last whole line handed
/// over, and the start of the next line as far as it has been read.
///
/// The log is only appended to, except that its writer may take its end back: a torn line
/// cut off (a write that failed part way where the sink could not reserve the space first,
/// or one a crash left, cut off when wirewatch next opens the log) or lines whose fsync
/// failed, written again after. Only what was taken back is read again, so a torn line is
/// never joined to the next one and the log's history is not shown a second time; a line
/// handed over, taken back and written again (the sink writes the same alert byte for byte)
/// is not handed over again. A file rewritten from its start (logrotate's `copytruncate`) is
/// read from its start.
struct AlertLogCursor {
    /// Where the next line starts: after the last line handed over.
    private(set) var offset: UInt64
    /// Bytes after `offset` already read, not yet ended by a newline.
    private var unfinished = Data()
    /// The last lines handed over, the newest last: where each lies, and its bytes' hash. The
    /// newest one still in the file marks how much of what was read the file still holds.
    private var recent: [(start: UInt64, end: UInt64, hash: Int)] = []
    /// A failed fsync takes back at most one delivery batch; the line before them tells where
    /// the file was cut.
    static let remembered = DeliveryWorker.batchLimit + 1
    /// The hashes of lines handed over and then taken back: when one is written again, wherever
    /// it lands, it is passed over once.
    private(set) var takenBack: Set<Int> = []

    /// At `offset`, the end of a line in `fd`'s file (or 0); `takenBack`: lines handed over from
    /// another file and taken back out of it, to pass over here.
    init(fd: Int32, offset: UInt64, passingOver takenBack: Set<Int> = []) {
        self.offset = offset
        self.takenBack = takenBack
        guard fd >= 0, offset > 0 else { return }
        // The `remembered` lines that end by `offset`, to tell later whether the file still holds
        // them: read back from 64 KiB, further while long lines leave fewer (to 8 MiB).
        var window = min(offset, 64 << 10)
        while true {
            guard let lines = Self.lines(fd, before: offset, window: window) else { return }
            recent = lines
            if recent.count >= Self.remembered || window == offset || window >= 8 << 20 { break }
            window = min(offset, window * 4)
        }
        if recent.count > Self.remembered { recent.removeFirst(recent.count - Self.remembered) }
    }

    /// Where the whole lines in the `window` bytes before `end` lie, and their hashes; nil when
    /// `end` is not the end of a line.
    private static func lines(_ fd: Int32, before end: UInt64, window: UInt64) -> [(start: UInt64, end: UInt64, hash: Int)]? {
        let before = bytes(fd, at: end - window, count: Int(window))
        guard before.count == Int(window), before.last == UInt8(ascii: "\n") else { return nil }
        // The window's first line may begin before it, unless the window starts the file.
        var start = window == end ? before.startIndex : before.firstIndex(of: UInt8(ascii: "\n"))! + 1
        var at = end - window + UInt64(start - before.startIndex)
        var lines: [(start: UInt64, end: UInt64, hash: Int)] = []
        while start < before.endIndex, let newline = before[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = before[start...newline]
            lines.append((at, at + UInt64(line.count), hash(line)))
            at += UInt64(line.count)
            start = newline + 1
        }
        return lines
    }

    /// The whole lines (without their newlines) that follow what was handed over before.
    mutating func advance(_ fd: Int32) -> [Data] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return [] }
        let size = UInt64(st.st_size)
        findWhatIsStillThere(fd, size: size)
        if !unfinished.isEmpty, Self.bytes(fd, at: offset, count: unfinished.count) != unfinished {
            unfinished.removeAll()  // a torn line, cut off
        }
        unfinished.append(Self.readToEnd(fd, from: offset + UInt64(unfinished.count)))
        var lines: [Data] = []
        while let newline = unfinished.firstIndex(of: UInt8(ascii: "\n")) {
            let line = unfinished[unfinished.startIndex...newline]
            let start = offset, hash = Self.hash(line)
            offset += UInt64(line.count)
            recent.append((start, offset, hash))
            if takenBack.remove(hash) == nil { lines.append(Data(line.dropLast())) }
            unfinished.removeSubrange(...newline)
        }
        if recent.count > Self.remembered { recent.removeFirst(recent.count - Self.remembered) }
        return lines
    }

    /// Moves back to the end of the newest line handed over that the file still holds: the lines
    /// after it were taken back. None of them (a file emptied or rewritten): back to the start,
    /// where every line is new.
    private mutating func findWhatIsStillThere(_ fd: Int32, size: UInt64) {
        if recent.isEmpty {
            if size < offset { (offset, unfinished, takenBack) = (0, Data(), []) }
            return
        }
        while let newest = recent.last {
            if newest.end <= size, Self.hash(Self.bytes(fd, at: newest.start, count: Int(newest.end - newest.start))) == newest.hash {
                if newest.end != offset { (offset, unfinished) = (newest.end, Data()) }
                return
            }
            takenBack.insert(newest.hash)
            recent.removeLast()
        }
        (offset, unfinished, takenBack) = (0, Data(), [])
    }

    private static func hash(_ bytes: Data) -> Int {
        var h = Hasher()
        bytes.withUnsafeBytes { h.combine(bytes: $0) }
        return h.finalize()
    }

    static func bytes(_ fd: Int32, at offset: UInt64, count: Int) -> Data {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return Data(buffer.prefix(max(0, n)))
    }

    /// The file's bytes from `offset` to its end.
    static func readToEnd(_ fd: Int32, from offset: UInt64 = 0) -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var at = offset
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
            at += UInt64(n)
        }
        return out
    }
}
