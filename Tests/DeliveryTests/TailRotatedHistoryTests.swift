import Foundation
import Testing
import TestSupport
import WirewatchCore

/// Right after a rotation (wirewatch's `rotate:` or logrotate's `create`), the
/// history `tail` shows reaches back into `alerts.jsonl.1`, as the daemon's own
/// look at what the log holds does: `-n 10` shows ten alerts, `--since 6h`
/// all of the last six hours, not only what was written since the rotation.
@Suite struct TailRotatedHistoryTests {
    static let now = Date()
    static let older = (1...3).map {
        OutboxFixture.record("R\($0)", rule: "export-controls-china", severity: .medium, title: "Rotated alert \($0)",
                             time: now.addingTimeInterval(Double(-4000 + 300 * $0)))
    }
    static let newer = (4...5).map {
        OutboxFixture.record("R\($0)", rule: "export-controls-china", severity: .medium, title: "Current alert \($0)",
                             time: now.addingTimeInterval(Double(-600 + 100 * $0)))
    }

    func lines(_ records: [AlertRecord]) throws -> Data {
        try records.reduce(Data()) { $0 + (try $1.jsonLine()) + Data("\n".utf8) }
    }

    func shown(_ arguments: [String], log path: String) async throws -> [String] {
        let (status, out, err) = try await ChildProcess.run(["tail", "--log", path, "--no-follow"] + arguments)
        #expect(status == 0, "\(err)")
        let all = Self.older + Self.newer
        return out.split(separator: "\n").compactMap { line in all.first { line.contains($0.article.title) }?.id }
    }

    @Test func historyReachesIntoTheFileRotatedLast() async throws {
        let dir = try makeTemporaryDirectory("tail-rotated")
        let path = dir.appendingPathComponent("alerts.jsonl").path
        try lines(Self.older).write(to: URL(fileURLWithPath: path + ".1"))
        try lines(Self.newer).write(to: URL(fileURLWithPath: path))
        // An older rotation is not read: only the file rotated last.
        try lines([OutboxFixture.record("R0", rule: "x", severity: .low, title: "Ancient", time: Self.now.addingTimeInterval(-3900))])
            .write(to: URL(fileURLWithPath: path + ".2"))

        #expect(try await shown([], log: path) == ["R1", "R2", "R3", "R4", "R5"])
        #expect(try await shown(["-n", "3"], log: path) == ["R3", "R4", "R5"])
        #expect(try await shown(["-n", "2"], log: path) == ["R4", "R5"])
        #expect(try await shown(["--since", "1h"], log: path) == ["R2", "R3", "R4", "R5"])
        #expect(try await shown(["--since", "30m"], log: path) == ["R4", "R5"])
        #expect(try await shown(["-n", "0"], log: path) == [])
    }

    @Test func anEmptiedLogStillShowsTheRotatedOnesHistory() async throws {
        let dir = try makeTemporaryDirectory("tail-rotated")
        let path = dir.appendingPathComponent("alerts.jsonl").path
        try lines(Self.older).write(to: URL(fileURLWithPath: path + ".1"))
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(try await shown(["-n", "2"], log: path) == ["R2", "R3"])
    }
}
