import Foundation
import Testing
import TestSupport
import WirewatchCore

/// `wirewatch tail` as a user runs it: the real binary, in a pipe and under a
/// real pseudo-terminal (util-linux `script`).
@Suite struct TailCommandTests {
    static let recent = Date().addingTimeInterval(-600)
    /// 2025-01-29T08:00:00Z
    static let past = Date(timeIntervalSince1970: 1_738_137_600)
    static let records = [
        OutboxFixture.record("T1", rule: "deepseek-distillation", severity: .high, title: "OpenAI says DeepSeek distilled its models",
                             time: past),
        OutboxFixture.record("T2", rule: "export-controls-china", severity: .medium, title: "US tightens export controls on chips",
                             time: past.addingTimeInterval(3600)),
        OutboxFixture.record("T3", rule: "export-controls-eu", severity: .low, title: "EU weighs chip rules",
                             time: past.addingTimeInterval(7200)),
        OutboxFixture.record("T4", rule: "deepseek-distillation", severity: .critical, title: "DeepSeek responds", time: recent),
    ]

    func log(_ records: [AlertRecord] = Self.records) throws -> String {
        let path = try makeTemporaryDirectory("tail").appendingPathComponent("alerts.jsonl").path
        try append(records, to: path)
        return path
    }

    func append(_ records: [AlertRecord], to path: String) throws {
        try records.reduce(Data()) { $0 + (try $1.jsonLine()) + Data("\n".utf8) }.append(to: path)
    }

    /// The ids of the alerts `tail` printed, in order.
    func shown(_ arguments: [String], log path: String) async throws -> [String] {
        let (status, out, err) = try await ChildProcess.run(["tail", "--log", path, "--no-follow"] + arguments)
        #expect(status == 0, "\(err)")
        return out.split(separator: "\n").compactMap { line in Self.records.first { line.contains($0.article.title) }?.id }
    }

    @Test func historyAndFilters() async throws {
        let path = try log()
        #expect(try await shown([], log: path) == ["T1", "T2", "T3", "T4"])
        #expect(try await shown(["--rule", "export-*"], log: path) == ["T2", "T3"])
        #expect(try await shown(["--rule", "deepseek-distillation", "--rule", "export-controls-eu"], log: path) == ["T1", "T3", "T4"])
        #expect(try await shown(["--severity", "high"], log: path) == ["T1", "T4"])
        #expect(try await shown(["--since", "1h"], log: path) == ["T4"])
        #expect(try await shown(["--since", "2025-01-29T08:30:00Z"], log: path) == ["T2", "T3", "T4"])
        #expect(try await shown(["--grep", "CHIP"], log: path) == ["T2", "T3"])
        #expect(try await shown(["--grep", "knowledge distillation", "--severity", "critical"], log: path) == ["T4"])
        #expect(try await shown(["-n", "2"], log: path) == ["T3", "T4"])
        #expect(try await shown(["-n", "1", "--rule", "export-*"], log: path) == ["T3"])
    }

    @Test func jsonPassesLinesThrough() async throws {
        let path = try log()
        let (status, out, _) = try await ChildProcess.run(["tail", "--log", path, "--no-follow", "--json", "-n", "1"])
        #expect(status == 0)
        #expect(out == String(decoding: try Self.records[3].jsonLine(), as: UTF8.self) + "\n")
    }

    /// A filter value of the wrong kind is a mistake in the command line itself: `Error: …` and the usage,
    /// exit 64 (operations.md, "Commands: exit status"); it exited 1 without the usage (trial finding 10).
    @Test func aBadFilterIsACommandLineMistake() async throws {
        let (status, out, err) = try await ChildProcess.run(["tail", "--log", try log(), "--severity", "urgent"])
        #expect(status == 64 && out.isEmpty)
        #expect(err.hasPrefix("Error: --severity must be one of info, low, medium, high, critical (got 'urgent')\n"), "\(err)")
        #expect(err.contains("Usage: wirewatch tail"), "\(err)")
        let (near, _, said) = try await ChildProcess.run(["tail", "--log", try log(), "--no-follow", "--severity", "hihg"])
        #expect(near == 64 && said.hasPrefix("Error: --severity must be one of info, low, medium, high, critical (got 'hihg'); did you mean 'high'?\n"),
                "\(said)")
        let (unit, _, what) = try await ChildProcess.run(["tail", "--log", try log(), "--no-follow", "--since", "7x"])
        #expect(unit == 64 && what.hasPrefix("Error: --since must be a duration such as 90m, 6h, 2d or a time such as 2026-11-29T08:00:00Z (got '7x')\n"),
                "\(what)")
    }

    /// `--since 7` read as seven seconds showed nothing, exit 0, to an operator who meant a week; `rules backtest`
    /// refused it. Both refuse it now, the same way (trial finding 9).
    @Test func aBareNumberSinceIsRefusedAsBacktestRefusesIt() async throws {
        let (status, out, err) = try await ChildProcess.run(["tail", "--log", try log(), "--no-follow", "--since", "7"])
        #expect(status == 64 && out.isEmpty)
        #expect(err.hasPrefix("Error: --since needs a unit, as in 7d (days), 7h (hours) or 90m (got '7')\n"), "\(err)")
        #expect(try await shown(["--since", "3650d"], log: try log()).count == Self.records.count)
        #expect(try await shown(["--since", "2000-01-01"], log: try log()).count == Self.records.count)
    }

    /// `-n -3` (a count written as `tail`'s `-n -3`) says what is wrong, not "Missing value".
    @Test func aNegativeCountSaysWhatIsWrong() async throws {
        let (status, _, err) = try await ChildProcess.run(["tail", "--log", try log(), "--no-follow", "-n", "-3"])
        #expect(status == 64)
        #expect(err.hasPrefix("Error: -n: a number, 0 or more (got -3); -n 3 shows the last three alerts\n"), "\(err)")
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() async throws {
        let path = try log()
        let piped = try await ChildProcess.run(["tail", "--log", path, "--no-follow"])
        #expect(!piped.1.contains("\u{1B}["))
        #expect(piped.1.contains("CRITICAL deepseek-distillation \"DeepSeek responds\" [tech-desk] OpenAI says DeepSeek used knowledge distillation"))

        func underTerminal(_ extra: String = "", environment: [String: String] = [:]) async throws -> String {
            let command = "'\(ChildProcess.wirewatchBinary)' tail --log '\(path)' --no-follow \(extra)"
            let p = try ChildProcess("/usr/bin/script", arguments: ["-q", "-e", "-c", command, "/dev/null"], environment: environment)
            #expect(await p.wait(timeout: 30) == 0, "\(p.stderr)")
            return p.stdout
        }
        let tty = try await underTerminal(environment: ["NO_COLOR": ""])
        #expect(tty.contains("\u{1B}[1;41;97mCRITICAL\u{1B}[0m"), "\(tty.debugDescription)")
        // The match is highlighted inside its snippet.
        #expect(tty.contains("OpenAI says \u{1B}[1;4mDeepSeek\u{1B}[0m used"))
        let noColor = try await underTerminal(environment: ["NO_COLOR": "1"])
        #expect(noColor.contains("DeepSeek responds") && !noColor.contains("\u{1B}["))
        #expect(!(try await underTerminal("--color never")).contains("\u{1B}["))
    }

    @Test func followsAcrossRotationAndWaitsForAMissingFile() async throws {
        let dir = try makeTemporaryDirectory("tail")
        let path = dir.appendingPathComponent("alerts.jsonl").path
        let tail = try ChildProcess(arguments: ["tail", "--log", path, "--json", "-n", "0"])
        defer { tail.signal(SIGKILL) }
        #expect(await eventually { tail.stderr.contains("waiting for \(path) to appear") })
        try append([Self.records[0]], to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T1\"") }, "\(tail.stderr)")
        try append([Self.records[1]], to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T2\"") })
        // logrotate: the file moves away and a new one takes its place.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try append([Self.records[2]], to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T3\"") })
        // A line that is not an alert is passed over.
        try Data((String(repeating: "x", count: 2048) + "\n").utf8).append(to: path)
        // Truncated in place (copytruncate), then written again.
        try FileHandle(forWritingAtPath: path).map { try $0.truncate(atOffset: 0); try $0.close() }
        try append([Self.records[3]], to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T4\"") })
        let ids = tail.stdout.split(separator: "\n").compactMap { try? AlertRecord.decode(line: Data($0.utf8)).id }
        #expect(ids == ["T1", "T2", "T3", "T4"])
    }

    /// A torn line (a write that failed part way where the sink could not reserve its space, or a
    /// crash) that the writer then cuts off: tail waits for its newline, passes over it once it
    /// is cut off, and shows neither a broken line nor the log's history again.
    @Test func aTornLineCutOffIsPassedOver() async throws {
        let path = try log([Self.records[0]])
        let tail = try ChildProcess(arguments: ["tail", "--log", path, "--json", "-n", "1"])
        defer { tail.signal(SIGKILL) }
        #expect(await eventually { tail.stdout.contains("\"id\":\"T1\"") }, "\(tail.stderr)")
        // T2 and the start of T3 in one write: once T2 is shown, tail has read the torn part too.
        let t2 = try Self.records[1].jsonLine() + Data("\n".utf8)
        let whole = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) + t2.count
        try (t2 + (try Self.records[2].jsonLine()).prefix(50)).append(to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T2\"") })
        #expect(truncate(path, off_t(whole)) == 0)
        try append([Self.records[3]], to: path)
        #expect(await eventually { tail.stdout.contains("\"id\":\"T4\"") })
        #expect(tail.isRunning)
        let lines = tail.stdout.split(separator: "\n")
        #expect(lines.map { (try? AlertRecord.decode(line: Data($0.utf8)).id) ?? "broken" } == ["T1", "T2", "T4"])
    }
}

extension Data {
    /// Appends to the file at `path` (creating it) with one write.
    func append(to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
        try h.seekToEnd()
        try h.write(contentsOf: self)
        try h.close()
    }
}
