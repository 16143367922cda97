import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Delivery

/// What the alert-log sink reads at open to stay exactly-once: the end of the log,
/// however long the log has grown, and further back only for an alert older than that.
@Suite struct AlertLogRecoveryTests {
    /// A log of `count` alerts raised a second apart from `OutboxFixture.start`, written in one go.
    static func writeLog(_ path: String, ids: Range<Int>) throws {
        var data = Data()
        for i in ids {
            data.append(try record(i).jsonLine())
            data.append(UInt8(ascii: "\n"))
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func record(_ i: Int) -> AlertRecord {
        OutboxFixture.record(String(format: "LOG%07d", i), time: OutboxFixture.start.addingTimeInterval(Double(i)))
    }

    static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    }

    @Test func theLogIsReadOnceAtTheFirstDeliveryAndNoFurtherThanItsBound() async throws {
        var reads: [Int] = []
        for count in [20_000, 80_000] {
            let path = try makeTemporaryDirectory("big-log").appendingPathComponent("alerts.jsonl").path
            try AlertLogLookupCostTests.writeLog(path + ".1", ids: 0..<count / 2)
            try AlertLogLookupCostTests.writeLog(path, ids: count / 2..<count)
            let before = try Self.size(path)
            let sink = AlertLogSink(id: "log", path: path, options: .init(recentBytes: 1 << 20))
            try await sink.open()
            #expect(await sink.bytesRead == 0)
            // The last batch before a crash (written, never marked) is delivered again: no second line.
            for i in count - 100..<count { #expect(await sink.deliver(Self.record(i)) == .delivered) }
            #expect(try Self.size(path) == before)
            reads.append(await sink.bytesRead)
            // A new alert is written, and known to be new without reading.
            #expect(await sink.deliver(Self.record(count)) == .delivered)
            #expect(try Self.size(path) > before)
            #expect(await sink.bytesRead == reads.last)
            print("alert log recovery: \(count) lines, \(before * 2 / 1_048_576) MiB in two files: read \(reads.last!) bytes at the first delivery and 100 resends")
        }
        // The bound, not the log's size, sets what is read: 1 MiB, and the line of each resend (at most a page).
        #expect(reads[0] == reads[1])
        #expect(reads.allSatisfy { $0 <= (1 << 20) + 1 + 100 * 4096 })
    }

    /// A batch that a small `rotate.size` spread over several files, written and never marked (a crash), is
    /// delivered again after the restart without a second line: the files older than `.1` are looked in too
    /// (trial3 finding 13: 113 of 4,999 alerts twice in 15 kills at `rotate.size: 16KiB`).
    @Test func aBatchRotatedOverSeveralFilesIsNotWrittenAgain() async throws {
        let path = try makeTemporaryDirectory("rotated-batch").appendingPathComponent("alerts.jsonl").path
        let options = AlertLogSink.Options(rotateBytes: 4 << 10, keep: 100)
        let before = AlertLogSink(id: "log", path: path, options: options)
        try await before.start()
        for i in 0..<100 { #expect(await before.deliver(Self.record(i)) == .delivered) }
        #expect(await before.flush() == .delivered)
        await before.close()
        let files = [path] + (1...100).map { "\(path).\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(files.count > 3, "the batch spans several files: \(files.count)")
        func lines() throws -> Int {
            try files.reduce(0) { $0 + (try String(contentsOfFile: $1, encoding: .utf8)).split(separator: "\n").count }
        }
        #expect(try lines() == 100)

        let after = AlertLogSink(id: "log", path: path, options: options)
        try await after.start()
        for i in 0..<100 { #expect(await after.deliver(Self.record(i)) == .delivered) }
        #expect(await after.flush() == .delivered)
        #expect(try lines() == 100)
        await after.close()
    }

    @Test func aResendReadsOneLineAndANewAlertReadsNothing() async throws {
        let path = try makeTemporaryDirectory("old-pending").appendingPathComponent("alerts.jsonl").path
        let count = 30_000
        try AlertLogLookupCostTests.writeLog(path, ids: 0..<count)
        let before = try Self.size(path)
        let sink = AlertLogSink(id: "log", path: path)
        // The first delivery reads the whole log, once; a new alert after it reads nothing.
        #expect(await sink.deliver(Self.record(count)) == .delivered)
        let learnt = await sink.bytesRead
        #expect(learnt >= before)
        var missing = OutboxFixture.record("NOT-LOGGED", time: OutboxFixture.start.addingTimeInterval(3_000))
        missing.rule = "other"
        #expect(await sink.deliver(missing) == .delivered)
        #expect(await sink.bytesRead == learnt)
        // A line far back (a delivery pending since long ago, already written): found by reading it alone.
        let grown = try Self.size(path)
        var read = learnt
        for i in [1_000, 3_000, count - 1] {
            #expect(await sink.deliver(Self.record(i)) == .delivered)
            let now = await sink.bytesRead
            #expect(now - read <= 4096)
            read = now
        }
        #expect(try Self.size(path) == grown)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == count + 2)
        #expect(lines.last?.contains("NOT-LOGGED") == true)
    }

    /// The places learnt from a large log are not swept again at the first line written after them
    /// (a sweep copies every place, on the delivery path).
    @Test func theFirstLineAfterLearningALargeLogSweepsNothing() {
        var logged = LoggedAlerts()
        let (lineSize, lines) = (500, 100_000)
        for i in 0..<lines { logged.learn(hash: LoggedAlerts.hash("a\(i)"), at: i * lineSize, file: 0) }
        logged.learnt()
        logged.append("new", at: lines * lineSize, keeping: 1_000 * lineSize)
        #expect(logged.count == lines + 1)
        #expect(logged.place(of: "a0") == .init(file: 0, offset: 0))
    }

    @Test func theMemoryOfWhereLinesLieIsBoundedByWhatTheSinkReads() {
        var logged = LoggedAlerts()
        let lineSize = 500
        for i in 0..<200_000 { logged.append("a\(i)", at: i * lineSize, keeping: 10_000 * lineSize) }
        #expect(logged.place(of: "a199999") == .init(file: 0, offset: 199_999 * lineSize))
        #expect(logged.place(of: "a0") == nil)
        #expect(logged.count < 140_000)
        #expect(logged.place(of: "b0") == nil)
        logged.rotated(bytes: 200_000 * lineSize)
        #expect(logged.place(of: "a199999") == .init(file: 1, offset: 199_999 * lineSize))
        logged.append("b0", at: 0, keeping: 10_000 * lineSize)
        logged.takeBack(["b0"])
        #expect(logged.place(of: "b0") == nil)
    }

    /// A log rotated often (`rotate.size` well under what the sink keeps) is bounded by the bytes kept too, not by
    /// the 32 files looked in: 32 files of a 100 MiB rotate.size held the places of about 6 million lines
    /// (review of the lead's mends, 4). 40 rotations of 5,000 lines, keeping 10,000 lines' bytes.
    @Test func theMemoryOfARotatedLogIsBoundedByTheBytesKept() {
        var logged = LoggedAlerts()
        let (lineSize, perFile, keeping) = (500, 5_000, 10_000 * 500)
        for f in 0..<40 {
            for i in 0..<perFile { logged.append("f\(f)-\(i)", at: i * lineSize, keeping: keeping) }
            logged.rotated(bytes: perFile * lineSize)
        }
        // Between sweeps up to 65,536 places (or twice what was kept); 32 files' worth (160,000) before.
        #expect(logged.count <= (1 << 16) + perFile, "\(logged.count)")
        #expect(logged.place(of: "f39-4999") == .init(file: 1, offset: 4_999 * lineSize))
        #expect(logged.place(of: "f0-0") == nil)
        // What is kept reaches back at least `keeping` bytes: the whole of the two files before the last.
        #expect(logged.place(of: "f38-0") == .init(file: 2, offset: 0))
    }
}

/// What the sink reads of a large log (`WIREWATCH_ALERTLOG_LINES` lines in the log and as many in
/// `.1`; 20,000 by default), at open and at each kind of lookup, printed for the record.
@Suite struct AlertLogLookupCostTests {
    /// Lines as the sink writes them, raised a second apart from `OutboxFixture.start`, made from one
    /// encoded line (encoding each takes too long in a debug build for 400,000 lines).
    static func writeLog(_ path: String, ids: Range<Int>) throws {
        let template = String(decoding: try AlertLogRecoveryTests.record(0).jsonLine(), as: UTF8.self)
        let (id0, time0) = (String(format: "LOG%07d", 0), ISO8601DateFormatter().string(from: OutboxFixture.start))
        let iso = ISO8601DateFormatter()
        var data = Data()
        data.reserveCapacity(ids.count * (template.utf8.count + 1))
        for i in ids {
            let line = template.replacingOccurrences(of: id0, with: String(format: "LOG%07d", i))
                .replacingOccurrences(of: time0, with: iso.string(from: OutboxFixture.start.addingTimeInterval(Double(i))))
            data.append(contentsOf: line.utf8)
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func bytesReadAtOpenAndPerLookup() async throws {
        let count = Int(ProcessInfo.processInfo.environment["WIREWATCH_ALERTLOG_LINES"] ?? "") ?? 20_000
        let path = try makeTemporaryDirectory("lookup-cost").appendingPathComponent("alerts.jsonl").path
        try Self.writeLog(path + ".1", ids: 0..<count)
        try Self.writeLog(path, ids: count..<2 * count)
        let sizes = try AlertLogRecoveryTests.size(path) + AlertLogRecoveryTests.size(path + ".1")
        let sink = AlertLogSink(id: "log", path: path)
        var read = await sink.bytesRead
        func cost() async -> Int { let now = await sink.bytesRead; defer { read = now }; return now - read }
        try await sink.open()
        let atOpen = await cost()
        let clock = ContinuousClock()
        let residentBefore = Self.residentKiB()
        let started = clock.now
        #expect(await sink.deliver(AlertLogRecoveryTests.record(2 * count - 100)) == .delivered)
        let firstDelivery = clock.now - started
        let learnt = (Self.residentKiB() - residentBefore) / 1024
        for i in 2 * count - 99..<2 * count { #expect(await sink.deliver(AlertLogRecoveryTests.record(i)) == .delivered) }
        let resends = await cost()
        #expect(await sink.deliver(AlertLogRecoveryTests.record(2 * count)) == .delivered)
        let firstNew = await cost()
        #expect(await sink.deliver(AlertLogRecoveryTests.record(2 * count + 1)) == .delivered)
        let secondNew = await cost()
        #expect(await sink.deliver(AlertLogRecoveryTests.record(count / 2)) == .delivered)
        let oldInDotOne = await cost()
        #expect(await sink.deliver(AlertLogRecoveryTests.record(count + count / 2)) == .delivered)
        let oldInLog = await cost()
        var missing = OutboxFixture.record("NOT-LOGGED", time: OutboxFixture.start.addingTimeInterval(Double(count / 4)))
        missing.rule = "other"
        #expect(await sink.deliver(missing) == .delivered)
        let oldMissing = await cost()
        await sink.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == count + 3)
        print("alert log lookup cost: \(2 * count) lines, \(sizes) bytes in the log and .1; bytes read: at open \(atOpen), "
              + "100 resends of the last batch (the first delivery, which took \(firstDelivery)) \(resends), first new alert \(firstNew), second new alert \(secondNew), "
              + "resend of a line in the middle of .1 \(oldInDotOne), of the log \(oldInLog), old alert not in the log \(oldMissing); "
              + "resident growth at the first delivery \(learnt) MiB")
    }

    /// VmRSS of this process, in KiB (0 where /proc cannot be read).
    static func residentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
