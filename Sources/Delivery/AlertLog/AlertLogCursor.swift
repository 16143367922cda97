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
    private var takenBack: Set<Int> = []

    /// What a file that follows this one (a rotation) passes over: the lines taken back, and the
    /// last ones handed over, which the writer may yet take back out of the old file and write into
    /// the new one. A line written byte for byte again can only be such a rewrite (each alert's
    /// line is its own).
    var passingOverInTheNextFile: Set<Int> { takenBack.union(recent.map(\.hash)) }

    /// At `offset`, the end of a line in `fd`'s file (or 0); `takenBack`: lines handed over from
    /// another file and taken back out of it, to pass over here.
    init(fd: Int32, offset: UInt64, passingOver takenBack: Set<Int> = []) {
        self.offset = offset
        self.takenBack = takenBack
        guard fd >= 0, offset > 0, Self.bytes(fd, at: offset - 1, count: 1) == Data("\n".utf8) else { return }
        // The `remembered` lines that end by `offset`, to tell later whether the file still holds
        // them (at most 8 MiB back, should the lines be that long).
        LogLinesBackward.scan(fd: fd, end: Int(offset), maxBytes: 8 << 20) { line, start in
            recent.insert((UInt64(start), UInt64(start + line.count + 1), Self.hash(Data(line) + Data("\n".utf8))), at: 0)
            return recent.count < Self.remembered
        }
    }

    /// Hands `body` the whole lines (without their newlines) that follow what was handed over before,
    /// read `chunk` bytes at a time: a reader far behind (a tail stopped with ^Z, or behind a pager) holds
    /// one chunk of the file, not all it has not read (review of follow, 9).
    mutating func advance(_ fd: Int32, _ body: (Data) -> Void) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        findWhatIsStillThere(fd, size: UInt64(st.st_size))
        if !unfinished.isEmpty, Self.bytes(fd, at: offset, count: unfinished.count) != unfinished {
            unfinished.removeAll()  // a torn line, cut off
        }
        var at = offset + UInt64(unfinished.count)
        // Nothing new, the steady state of a tail left running: no buffer (review of this session, 15).
        guard UInt64(st.st_size) > at else { return }
        var buffer = [UInt8](repeating: 0, count: min(Self.chunk, max(64 << 10, Int(UInt64(st.st_size) - at))))
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            if n <= 0 { break }
            unfinished.append(contentsOf: buffer[0..<n])
            at += UInt64(n)
            handOver(body)
        }
    }

    static let chunk = 1 << 20

    /// Hands over the whole lines read, keeping the unfinished rest.
    private mutating func handOver(_ body: (Data) -> Void) {
        // Cut off what was handed over once, at the end: cutting each line off moves the rest.
        var next = unfinished.startIndex
        while let newline = unfinished[next...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = unfinished[next...newline]
            let start = offset, hash = Self.hash(line)
            offset += UInt64(line.count)
            recent.append((start, offset, hash))
            if takenBack.remove(hash) == nil { body(Data(line.dropLast())) }
            next = newline + 1
        }
        unfinished.removeSubrange(..<next)
        if recent.count > Self.remembered { recent.removeFirst(recent.count - Self.remembered) }
    }

    /// Moves back to the end of the newest line handed over that the file still holds: the lines
    /// after it were taken back. None of them (a file emptied or rewritten): back to the start,
    /// where every line is new but those taken back, written again.
    private mutating func findWhatIsStillThere(_ fd: Int32, size: UInt64) {
        if recent.isEmpty {
            if size < offset { (offset, unfinished) = (0, Data()) }
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
        // What was taken back stays remembered: written again into the emptied file, it was shown.
        (offset, unfinished) = (0, Data())
    }

    private static func hash(_ bytes: Data) -> Int { bytes.withUnsafeBytes(LoggedAlerts.hash) }

    private static func bytes(_ fd: Int32, at offset: UInt64, count: Int) -> Data {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return Data(buffer.prefix(max(0, n)))
    }

}
