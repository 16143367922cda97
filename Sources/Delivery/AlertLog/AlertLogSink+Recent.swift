import Foundation
import Glibc
import WirewatchCore

/// What the alert log already holds, so that a resend never writes a line twice.
///
/// A crash between the write and the store's mark leaves a delivery pending whose line is in the
/// log, and where that line lies is not bounded by the alert's `time`: a delivery retried for a day,
/// or a dead letter queued again days later, is written late with its old time. So the sink knows
/// the log by position: at the first delivery it reads the log, `.1`, `.2` … once, up to `recentBytes`
/// from the end, and keeps where each id's line lies (by a hash of the id); each line it writes is
/// added. An id not there is not in those lines; for one that is, the line there is read.
extension AlertLogSink {
    /// Reads the last `recentBytes` of the log (open as `fd`), continuing into `.1`, `.2` … (`LoggedAlerts.files`).
    func learn() {
        var budget = options.recentBytes
        for k in 0..<LoggedAlerts.files {
            let file = k > 0 ? Foundation.open("\(path).\(k)", O_RDONLY | O_CLOEXEC) : fd
            guard file >= 0 else { break }
            defer { if k > 0 { Foundation.close(file) } }
            var st = stat()
            guard fstat(file, &st) == 0 else { break }
            let from = max(0, Int(st.st_size) - budget)
            bytesRead += LogLinesForward.scan(fd: file, from: from, end: Int(st.st_size)) { raw, start in
                if let hash = Self.idHash(raw) { logged.learn(hash: hash, at: start, file: k) }
            }
            budget -= Int(st.st_size) - from
            guard from == 0, budget > 0 else { break }
        }
        logged.learnt()
        learnt = true
    }

    /// Whether the log (or a rotated file) holds `record` already: at most one line is read to say so.
    func holds(_ record: AlertRecord) -> Bool {
        if !learnt { learn() }
        guard let place = logged.place(of: record.id) else { return false }
        // Another id of the same hash (one in 2^64) is told apart here. The id alone says "the same
        // alert", not its `time`: a lost store replays an alert under its id with a new time, and
        // that must not be written again (EndToEndTests.restartAfterFreshStoreDoesNotDuplicateLogLines).
        return id(at: place) == record.id
    }

    /// The id of the line at `place`, reading that line only.
    private func id(at place: LoggedAlerts.Place) -> String? {
        let file = place.file > 0 ? Foundation.open("\(path).\(place.file)", O_RDONLY | O_CLOEXEC) : fd
        guard file >= 0 else { return nil }
        defer { if place.file > 0 { Foundation.close(file) } }
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while line.count < 64 << 20 {
            let n = chunk.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, off_t(place.offset + line.count)) }
            guard n > 0 else { return nil }
            bytesRead += n
            if let newline = chunk[..<n].firstIndex(of: UInt8(ascii: "\n")) {
                line += chunk[..<newline]
                return Self.id(line[...])
            }
            line += chunk[..<n]
        }
        return nil
    }

    /// `],"id":"`: in a line the sink wrote (keys in alphabetical order) the alert's own id follows
    /// the `entities` array, and only it: the article's id follows a string, a topic's a `{`.
    private static let idKey = Array(#"],"id":""#.utf8)

    /// Where the alert's id lies in `raw`, found without decoding the line (which costs far more
    /// than reading it); nil when the line is not as the sink writes it, or the id has an escape.
    static func idRange(_ raw: ArraySlice<UInt8>) -> Range<Int>? {
        raw.withUnsafeBytes { buf -> Range<Int>? in
            guard let base = buf.baseAddress else { return nil }
            var at = 0
            // memchr and memcmp, not a loop over bytes: a log of hundreds of MB is read at the first delivery.
            while true {
                guard let bracket = memchr(base + at, Int32(idKey[0]), buf.count - at) else { return nil }
                at = base.distance(to: UnsafeRawPointer(bracket))
                if buf.count - at >= idKey.count, memcmp(base + at, idKey, idKey.count) == 0 { break }
                at += 1
            }
            let start = at + idKey.count
            guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), buf.count - start) else { return nil }
            let end = base.distance(to: UnsafeRawPointer(quote))
            guard memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) == nil else { return nil }
            return (raw.startIndex + start)..<(raw.startIndex + end)
        }
    }

    static func id(_ raw: ArraySlice<UInt8>) -> String? {
        if let range = idRange(raw) { return String(decoding: raw[range], as: UTF8.self) }
        return (try? decoder.decode(JustTheID.self, from: Data(raw)))?.id
    }

    static func idHash(_ raw: ArraySlice<UInt8>) -> Int? {
        if let range = idRange(raw) { return raw[range].withUnsafeBytes { LoggedAlerts.hash($0) } }
        return id(raw).map(LoggedAlerts.hash)
    }

    private struct JustTheID: Decodable {
        var id: String
    }

    private static let decoder = JSONDecoder()
}
