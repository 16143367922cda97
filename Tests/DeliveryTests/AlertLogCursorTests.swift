@testable import Delivery
import Foundation
import Glibc
import Testing
import TestSupport
import WirewatchCore

/// A follower's place in the log when the writer takes the log's end back: a torn line cut off,
/// lines whose fsync failed cut off and written again, or the whole file emptied (copytruncate).
@Suite struct AlertLogCursorTests {
    /// A log file, written the way the sink writes it, with a reader's descriptor on it.
    final class Log {
        let path: String
        let reader: Int32

        init() throws {
            path = try makeTemporaryDirectory("cursor").appendingPathComponent("alerts.jsonl").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            reader = open(path, O_RDONLY | O_CLOEXEC)
        }

        deinit { close(reader) }

        var size: UInt64 { UInt64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) }
        func line(_ id: String) throws -> Data { try OutboxFixture.record(id).jsonLine() + Data("\n".utf8) }
        func append(_ ids: String...) throws { try append(contentsOf: ids) }
        func append(contentsOf ids: [String]) throws { try ids.reduce(Data()) { $0 + (try line($1)) }.append(to: path) }
        func appendTorn(_ id: String) throws { try line(id).prefix(40).append(to: path) }
        func cut(to size: UInt64) { #expect(truncate(path, off_t(size)) == 0) }
    }

    func ids(_ lines: [Data]) -> [String] { lines.map { (try? AlertRecord.decode(line: $0).id) ?? "broken" } }

    @Test func aTornLineCutOffIsNeverJoinedToTheNextOne() throws {
        let log = try Log()
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        try log.append("A")
        let whole = log.size
        try log.appendTorn("B")
        #expect(ids(cursor.advance(log.reader)) == ["A"])
        #expect(cursor.advance(log.reader).isEmpty)  // waits for the newline
        log.cut(to: whole)
        try log.append("C")
        #expect(ids(cursor.advance(log.reader)) == ["C"])
        // Cut off and nothing written yet: nothing to hand over, and nothing read again.
        try log.appendTorn("D")
        #expect(cursor.advance(log.reader).isEmpty)
        log.cut(to: log.size - 40)
        #expect(cursor.advance(log.reader).isEmpty)
        try log.append("D")
        #expect(ids(cursor.advance(log.reader)) == ["D"])
    }

    /// A write seen part way (a reader can read a line while it is being copied in) is finished
    /// by the rest of it.
    @Test func aLineReadPartWayIsHandedOverWhenItsNewlineIsThere() throws {
        let log = try Log()
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        let line = try log.line("A")
        try line.prefix(40).append(to: log.path)
        #expect(cursor.advance(log.reader).isEmpty)
        try line.dropFirst(40).append(to: log.path)
        #expect(ids(cursor.advance(log.reader)) == ["A"])
    }

    /// A failed fsync takes back the lines written since the last good one, and the retry writes
    /// them again, byte for byte: only what was taken back is read again, not the log's history,
    /// and lines shown before they were taken back are not shown again.
    @Test func linesTakenBackAreReadAgainFromWhereTheyWereCut() throws {
        let log = try Log()
        try log.append("A", "B")
        let synced = log.size
        try log.append("C", "D")
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        #expect(ids(cursor.advance(log.reader)) == ["A", "B", "C", "D"])
        log.cut(to: synced)
        #expect(cursor.advance(log.reader).isEmpty)
        try log.append("D", "C", "E")
        #expect(ids(cursor.advance(log.reader)) == ["E"])
        // Taken back and written again, the same, before the reader looked: nothing new.
        let before = log.size
        try log.append("F")
        #expect(ids(cursor.advance(log.reader)) == ["F"])
        log.cut(to: before)
        try log.append("F")
        #expect(cursor.advance(log.reader).isEmpty)
    }

    /// Only lines shown before they were taken back are passed over when written again, each
    /// once, wherever they land; a line taken back before the reader saw it is shown.
    @Test func aLineTakenBackIsPassedOverOnceWhenWrittenAgain() throws {
        let log = try Log()
        try log.append("A")
        let synced = log.size
        try log.append("B", "C")
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        #expect(ids(cursor.advance(log.reader)) == ["A", "B", "C"])
        try log.append("D")  // not read before it is taken back
        log.cut(to: synced)
        try log.append("X")
        #expect(ids(cursor.advance(log.reader)) == ["X"])
        try log.append("C", "Y", "D", "B")
        #expect(ids(cursor.advance(log.reader)) == ["Y", "D"])
        try log.append("B")  // a second copy is a second line
        #expect(ids(cursor.advance(log.reader)) == ["B"])
    }

    /// A file emptied after a take-back is new from its start, but for what was taken back and
    /// written again: that was shown already.
    @Test func aFileEmptiedAfterATakeBackShowsEveryNewLine() throws {
        let log = try Log()
        try log.append("A")
        let synced = log.size
        try log.append("B")
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        #expect(ids(cursor.advance(log.reader)) == ["A", "B"])
        log.cut(to: synced)
        #expect(cursor.advance(log.reader).isEmpty)
        log.cut(to: 0)
        try log.append("B", "C")
        #expect(ids(cursor.advance(log.reader)) == ["C"])
    }

    /// The first batch of a new log whose fsync failed: cut back to nothing, written again byte
    /// for byte. Every line was shown once.
    @Test func aFirstBatchTakenBackToNothingIsNotShownTwice() throws {
        let log = try Log()
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        try log.append("A", "B")
        #expect(ids(cursor.advance(log.reader)) == ["A", "B"])
        log.cut(to: 0)
        #expect(cursor.advance(log.reader).isEmpty)
        try log.append("A", "B")
        #expect(cursor.advance(log.reader).isEmpty)
        try log.append("C")
        #expect(ids(cursor.advance(log.reader)) == ["C"])
    }

    /// A whole delivery batch taken back (the most a failed fsync takes): the cursor still knows
    /// the line before it, and does not show the log's history again.
    @Test func aWholeBatchTakenBackIsReadAgainFromWhereItWasCut() throws {
        let log = try Log()
        try log.append("A")
        let synced = log.size
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        #expect(ids(cursor.advance(log.reader)) == ["A"])
        let batch = (0..<DeliveryWorker.batchLimit).map { "B\($0)" }
        try log.append(contentsOf: batch)
        #expect(ids(cursor.advance(log.reader)) == batch)
        log.cut(to: synced)
        try log.append("X")
        #expect(ids(cursor.advance(log.reader)) == ["X"])
    }

    /// An empty line (an operator's edit) before where the cursor starts: the lines it knows are
    /// placed where they are, so a take-back does not show the log again.
    @Test func aCursorStartedAfterAnEmptyLineKnowsWhereTheLinesAre() throws {
        let log = try Log()
        try log.append("A")
        try Data("\n".utf8).append(to: log.path)
        try log.append("B")
        let synced = log.size
        try log.append("C")
        var cursor = AlertLogCursor(fd: log.reader, offset: log.size)
        log.cut(to: synced)
        try log.append("C", "X")
        #expect(ids(cursor.advance(log.reader)) == ["X"])
    }

    /// A follower that starts where `history()` ended knows the lines before: a take-back into
    /// them does not show the whole log again.
    @Test func aCursorStartedMidLogKnowsTheLinesBeforeIt() throws {
        let log = try Log()
        try log.append("A")
        let synced = log.size
        try log.append("B", "C")
        var cursor = AlertLogCursor(fd: log.reader, offset: log.size)
        log.cut(to: synced)
        try log.append("B", "X")
        // B is where it was (shown in the history): only X is new.
        #expect(ids(cursor.advance(log.reader)) == ["X"])
    }

    /// Started mid-log among long lines (a batch of them is more than 64 KiB), a cursor still knows
    /// the line before a whole batch taken back.
    @Test func aCursorStartedMidLogAmongLongLinesKnowsABatchBeforeIt() throws {
        let log = try Log()
        let title = String(repeating: "a long title ", count: 100)
        func append(_ ids: [String]) throws {
            try ids.reduce(Data()) { $0 + (try OutboxFixture.record($1, title: title).jsonLine()) + Data("\n".utf8) }.append(to: log.path)
        }
        try append(["A"])
        let synced = log.size
        try append((0..<DeliveryWorker.batchLimit).map { "B\($0)" })
        #expect(log.size - synced > 64 << 10)
        var cursor = AlertLogCursor(fd: log.reader, offset: log.size)
        log.cut(to: synced)
        try log.append("X")
        #expect(ids(cursor.advance(log.reader)) == ["X"])
    }

    @Test func aFileEmptiedAndWrittenAgainIsReadFromItsStart() throws {
        let log = try Log()
        try log.append("A", "B")
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        #expect(ids(cursor.advance(log.reader)) == ["A", "B"])
        log.cut(to: 0)
        try log.append("C", "D", "E")
        #expect(ids(cursor.advance(log.reader)) == ["C", "D", "E"])
        log.cut(to: 0)
        #expect(cursor.advance(log.reader).isEmpty)
        try log.append("F")
        #expect(ids(cursor.advance(log.reader)) == ["F"])
    }

    /// A reader far behind reads the file a chunk at a time, handing over each chunk's lines as it goes, not the
    /// whole rest of the file at once (review of follow, 9): a line appended while the first lines are handed over
    /// is read in the same pass, which a read of the whole rest before handing over cannot do. Lines that straddle
    /// two chunks come whole.
    @Test func aReaderFarBehindReadsAChunkAtATime() throws {
        let log = try Log()
        var cursor = AlertLogCursor(fd: log.reader, offset: 0)
        var written: [String] = []
        while log.size < UInt64(AlertLogCursor.chunk * 5 / 2) {
            let batch = (0..<200).map { "A\(written.count + $0)" }
            try log.append(contentsOf: batch)
            written += batch
        }
        var read: [String] = []
        cursor.advance(log.reader) { line in
            if read.isEmpty { try? log.append("LATE") }
            read += ids([line])
        }
        #expect(read == written + ["LATE"])
        #expect(cursor.advance(log.reader).isEmpty)
    }
}
