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

    @Test func startupReadsTheSameBoundedTailOfASmallAndALargeLog() async throws {
        var reads: [Int] = []
        for count in [20_000, 80_000] {
            let path = try makeTemporaryDirectory("big-log").appendingPathComponent("alerts.jsonl").path
            try Self.writeLog(path + ".1", ids: 0..<count / 2)
            try Self.writeLog(path, ids: count / 2..<count)
            let before = try Self.size(path)
            let sink = AlertLogSink(id: "log", path: path, options: .init(recentBytes: 1 << 20))
            try await sink.open()
            reads.append(await sink.bytesRead)
            // The last batch before a crash (written, never marked) is delivered again: no second line.
            for i in count - 100..<count { #expect(await sink.deliver(Self.record(i)) == .delivered) }
            #expect(try Self.size(path) == before)
            #expect(await sink.bytesRead == reads.last)
            // A new alert is written.
            #expect(await sink.deliver(Self.record(count)) == .delivered)
            #expect(try Self.size(path) > before)
            print("alert log recovery: \(count) lines, \(before * 2 / 1_048_576) MiB in two files: read \(reads.last!) bytes at open")
        }
        // A 1 MiB window is read in 64 KiB chunks: the bound, not the log's size, sets what open reads.
        #expect(reads[0] == reads[1])
        #expect(reads.allSatisfy { $0 <= (1 << 20) + (1 << 16) })
    }

    @Test func anAlertOlderThanTheTailIsLookedForFurtherBack() async throws {
        let path = try makeTemporaryDirectory("old-pending").appendingPathComponent("alerts.jsonl").path
        try Self.writeLog(path, ids: 0..<20_000)
        let before = try Self.size(path)
        let sink = AlertLogSink(id: "log", path: path, options: .init(recentBytes: 256 << 10))
        try await sink.open()
        let atOpen = await sink.bytesRead
        #expect(atOpen < before / 10)
        // A delivery pending since long before the recent lines, already written: found, not written again.
        #expect(await sink.deliver(Self.record(5_000)) == .delivered)
        #expect(try Self.size(path) == before)
        let afterSearch = await sink.bytesRead
        #expect(afterSearch > atOpen)
        // What the search read is known now: a newer one of those lines needs no second search.
        #expect(await sink.deliver(Self.record(12_000)) == .delivered)
        #expect(await sink.bytesRead == afterSearch)
        // An old alert that is not in the log is written.
        var missing = OutboxFixture.record("NOT-LOGGED", time: OutboxFixture.start.addingTimeInterval(3_000))
        missing.rule = "other"
        #expect(await sink.deliver(missing) == .delivered)
        #expect(try Self.size(path) > before)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 20_001)
        #expect(lines.last?.contains("NOT-LOGGED") == true)
    }

    @Test func theMemoryOfWrittenAlertsIsBounded() {
        let t0 = OutboxFixture.start
        var logged = LoggedAlerts(capacity: 4)
        for i in 0..<5 { logged.append(.init(id: "a\(i)", time: t0.addingTimeInterval(Double(i) * 10))) }
        #expect(logged.count == 2)
        #expect(!logged.contains("a0") && logged.contains("a4"))
        // Forgotten lines leave the memory complete only after the newest of them (a2, at 20 s).
        #expect(!logged.covers(t0.addingTimeInterval(20)))
        #expect(logged.covers(t0.addingTimeInterval(21)))
    }
}
