import Delivery
import Foundation
import Glibc
import Testing
import TestSupport
import WirewatchCore

/// `wirewatch tail` following a log that the alert-log sink's own rotation (`rotate: {size, keep}`)
/// rotates several times between two of tail's reads: tail is stopped (SIGSTOP, seen stopped)
/// while the sink writes, so the rotations surely fall between two reads. Every file rotated since
/// is read, in order; the files deleted before tail could read them are said on stderr, and only
/// then (trial2 finding 15: 818 of 3,000 alerts skipped without a word).
@Suite struct TailRotationTests {
    static let keep = 3

    /// The sink, and which file (counted in rotations) each alert went to.
    final class Writer {
        let path: String
        let sink: AlertLogSink
        private(set) var generation = 0
        private(set) var fileOf: [String: Int] = [:]
        private(set) var written: [String] = []

        init(path: String) async throws {
            self.path = path
            sink = AlertLogSink(id: "alert-log", path: path, options: .init(rotateBytes: 8 << 10, keep: TailRotationTests.keep))
            try await sink.start()
        }

        /// Writes alerts until the log has rotated `rotations` more times, and two more after that.
        func write(rotations: Int) async throws {
            let target = generation + rotations
            while generation < target { try await write("A\(written.count)", flush: false) }
            for _ in 0..<2 { try await write("A\(written.count)", flush: false) }
            #expect(await sink.flush() == .delivered)
        }

        func write(_ id: String, flush: Bool = true) async throws {
            let record = OutboxFixture.record(id)
            #expect(await sink.deliver(record) == .delivered)
            if flush { #expect(await sink.flush() == .delivered) }
            // A file that holds this line alone was begun for it: the sink rotated.
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            if size == (try record.jsonLine()).count + 1, !written.isEmpty { generation += 1 }
            fileOf[id] = generation
            written.append(id)
        }
    }

    static func shown(_ tail: ChildProcess) -> [String] {
        tail.stdout.split(separator: "\n").compactMap { try? AlertRecord.decode(line: Data($0.utf8)).id }
    }

    /// The state letter of /proc/PID/stat: "T" once stopped.
    static func state(_ pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    static func stop(_ tail: ChildProcess) async {
        tail.signal(SIGSTOP)
        #expect(await eventually { state(tail.pid) == "T" }, "tail did not stop")
    }

    @Test func rotationsBetweenTwoReadsAreReadInOrderAndDeletedFilesAreSaid() async throws {
        let dir = try makeTemporaryDirectory("tail-rotations")
        let path = dir.appendingPathComponent("alerts.jsonl").path
        let log = try await Writer(path: path)
        try await log.write("A0")
        let tail = try ChildProcess(arguments: ["tail", "--log", path, "--json", "-n", "1"])
        defer { tail.signal(SIGKILL) }
        #expect(await eventually { Self.shown(tail) == ["A0"] }, "\(tail.stderr)")

        // keep + 1 rotations: the file tail was reading is deleted, but the one after it is the oldest
        // kept: nothing is lost, and nothing is said.
        await Self.stop(tail)
        try await log.write(rotations: Self.keep + 1)
        tail.signal(SIGCONT)
        #expect(await eventually { Self.shown(tail).last == log.written.last }, "\(tail.stderr)")
        #expect(Self.shown(tail) == log.written, "\(tail.stderr)")
        #expect(!tail.stderr.contains("deleted"), "\(tail.stderr)")

        // keep + 3 rotations: two files came and went while tail was stopped.
        let reading = log.generation
        await Self.stop(tail)
        try await log.write(rotations: Self.keep + 3)
        tail.signal(SIGCONT)
        let kept = log.written.filter { id in
            let file = log.fileOf[id]!
            return file <= reading || file >= log.generation - Self.keep
        }
        #expect(kept.count < log.written.count, "the test lost nothing")
        #expect(await eventually { Self.shown(tail).last == log.written.last }, "\(tail.stderr)")
        #expect(Self.shown(tail) == kept, "\(tail.stderr)")
        #expect(await eventually { tail.stderr.contains("\(path): 2 rotated files were deleted before tail could read them (it was rotated 6 times between two reads): their alerts are not shown") },
                "\(tail.stderr)")
        #expect(tail.stderr.components(separatedBy: "deleted").count == 2, "said once: \(tail.stderr)")

        // And on: the next alert is shown, nothing more said.
        try await log.write("last")
        #expect(await eventually { Self.shown(tail).last == "last" })
        #expect(tail.stderr.components(separatedBy: "deleted").count == 2, "\(tail.stderr)")
    }
}
