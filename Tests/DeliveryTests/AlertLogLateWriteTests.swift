import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Delivery

/// A line can reach the log long after its alert was raised: a delivery retried for up to its
/// `max_age` (a day), or a dead letter queued again days later (`wirewatch deliver retry`), is
/// written with its old `time`. What the log holds must not be judged from those times.
///
/// A restarted daemon's sink is a new `AlertLogSink` on the same file: the sink decides from the
/// file and its own memory only, and the daemon's resend after a crash between the write and the
/// store's mark is `deliver` of the same record. So a new sink on the log as the crashed one left
/// it, handed the record again, is what the daemon does after SIGKILL at that moment; the test
/// builds the log through the sink's own line format and then through the sink itself.
@Suite struct AlertLogLateWriteTests {
    static let now = OutboxFixture.start

    static func record(_ id: String, raised: Date) -> AlertRecord {
        OutboxFixture.record(id, time: raised)
    }

    /// Appends `count` ordinary lines, each raised just before it was written (a second apart, from `from`).
    static func appendOrdinary(_ path: String, prefix: String, count: Int, from: Date) throws {
        var data = Data()
        for i in 0..<count {
            data.append(try record(String(format: "\(prefix)%07d", i), raised: from.addingTimeInterval(Double(i))).jsonLine())
            data.append(UInt8(ascii: "\n"))
        }
        try append(data, to: path)
    }

    static func append(_ data: Data, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: data)
        try h.close()
    }

    static func lines(_ path: String, holding id: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"id\":\"\(id)\"") }.count
    }

    /// X, retried for a day, is written late; more than 8 MiB follow it,
    /// the last of them a dead letter from three days ago queued again. The daemon dies before X is
    /// marked delivered; its next start resends X. X's line is there to be found: no second line.
    @Test func aResendOfAnAlertWrittenLateIsNotWrittenAgain() async throws {
        let path = try makeTemporaryDirectory("late-write").appendingPathComponent("alerts.jsonl").path
        try Self.appendOrdinary(path, prefix: "OLD", count: 1_000, from: Self.now.addingTimeInterval(-7_200))
        let retriedForADay = Self.record("RETRIED-A-DAY", raised: Self.now.addingTimeInterval(-86_400))
        let first = AlertLogSink(id: "log", path: path)
        #expect(await first.deliver(retriedForADay) == .delivered)
        #expect(await first.flush() == .delivered)
        await first.close()
        // What the daemon wrote after X: more than the 8 MiB the sink used to read at open (then it judged
        // older lines by their times), then the old dead letter and a few more.
        let lineSize = try Self.record("NEW0000000", raised: Self.now).jsonLine().count + 1
        let window = 8 << 20
        try Self.appendOrdinary(path, prefix: "NEW", count: window / lineSize + 500, from: Self.now)
        let deadLetter = Self.record("DEAD-LETTER", raised: Self.now.addingTimeInterval(-3 * 86_400))
        let writer = AlertLogSink(id: "log", path: path)
        #expect(await writer.deliver(deadLetter) == .delivered)
        #expect(await writer.flush() == .delivered)
        await writer.close()
        try Self.appendOrdinary(path, prefix: "END", count: 10, from: Self.now.addingTimeInterval(20_000))

        let restarted = AlertLogSink(id: "log", path: path)
        #expect(await restarted.deliver(retriedForADay) == .delivered)
        #expect(await restarted.flush() == .delivered)
        await restarted.close()
        #expect(try Self.lines(path, holding: "RETRIED-A-DAY") == 1)
        #expect(try Self.lines(path, holding: "DEAD-LETTER") == 1)
    }
}
