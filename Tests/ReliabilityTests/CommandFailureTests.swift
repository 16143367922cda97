import Foundation
import Testing
import TestSupport

/// What a command says when it cannot do its work: exit status 1, one line on standard error
/// that names the file and the cause in the operator's words, and nothing on standard output
/// (where `--json` output would go).
@Suite struct CommandFailureTests {
    static func expectOneLine(_ arguments: [String], saying expected: String,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (status, stdout, stderr) = try await ChildProcess.run(arguments)
        #expect(status == 1, "\(arguments)", sourceLocation: sourceLocation)
        #expect(stdout.isEmpty, "\(arguments): \(stdout.prefix(200))", sourceLocation: sourceLocation)
        #expect(stderr == expected, "\(arguments)", sourceLocation: sourceLocation)
    }

    /// `rules test` refused a file of NUL bytes; `analyze` printed an analysis of the garbage.
    @Test func analyzeRefusesAFileThatIsNotText() async throws {
        let dir = try makeTemporaryDirectory()
        let path = dir.appendingPathComponent("core.dump").path
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array("Beijing export controls".utf8) + [0, 0, 0]).write(to: URL(fileURLWithPath: path))
        try await Self.expectOneLine(["analyze", path, "--json"],
                                     saying: "\(path): not text (it holds NUL bytes); an article is plain text or an HTML page\n")
    }

    /// A store file that is something else is said as such, without SQLite's statement.
    @Test func aStoreThatIsNotADatabaseIsSaidAsSuch() async throws {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try String(repeating: "not a database ", count: 100).write(toFile: install.storePath, atomically: true, encoding: .utf8)
        let said = "\(install.storePath): not a wirewatch store (not an SQLite database); 'store' in the config names the file the daemon keeps its state in\n"
        for command in [["feeds", "--json"], ["deliver", "list", "--json"], ["deliver", "retry", "--all"],
                        ["deliver", "resume", "--sink", "alert-log", "--json"], ["rules", "backtest", "--json"]] {
            try await Self.expectOneLine(command + ["--config", install.configPath], saying: said)
        }
    }

    /// `tail --no-follow` on a log that is not there printed nothing and exited 0, as for an empty log:
    /// a mistyped --log looked like a quiet day.
    @Test func tailSaysWhenTheLogIsNotThere() async throws {
        let dir = try makeTemporaryDirectory()
        let path = dir.appendingPathComponent("typo/alerts.jsonl").path
        let (status, stdout, stderr) = try await ChildProcess.run(["tail", "--no-follow", "--json", "--log", path])
        #expect(status == 0)
        #expect(stdout.isEmpty)
        #expect(stderr == "wirewatch: \(path) does not exist (yet): no alerts to show\n")
    }

    /// A misspelt `WIREWATCH_LOG_LEVEL` (set in the unit's `Environment=`) ran the daemon at info without a
    /// word, while the same value in `--log-level` was refused (trial finding 19).
    @Test func runRefusesAnUnknownLogLevelInTheEnvironmentAsInTheOption() async throws {
        let (status, stdout, stderr) = try await ChildProcess.run(["run", "--config", "/nonexistent/wirewatch.yaml"],
                                                                  environment: ["WIREWATCH_LOG_LEVEL": "verbose"])
        #expect(status == 64 && stdout.isEmpty)
        #expect(stderr.hasPrefix("Error: WIREWATCH_LOG_LEVEL: unknown log level 'verbose'; expected one of trace, debug, info, notice, warning, error, critical\n"),
                "\(stderr)")
        // The option's mistake lists the levels too.
        let (optionStatus, _, optionError) = try await ChildProcess.run(["run", "--log-level", "warn", "--config", "/nonexistent/wirewatch.yaml"])
        #expect(optionStatus == 64 && optionError.hasPrefix("Error: unknown log level 'warn'; expected one of trace, debug, info, notice, warning"),
                "\(optionError)")
    }

    /// `check` (the unit's ExecStartPre) passed a misspelt `WIREWATCH_LOG_LEVEL` that `run` then refused: the
    /// check is there to catch a daemon that cannot start (exploratory finding of stop 33).
    @Test func checkRefusesAnUnknownLogLevelInTheEnvironment() async throws {
        let demo = repositoryRoot.appendingPathComponent("Config/demo/wirewatch.yaml").path
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", demo], environment: ["WIREWATCH_LOG_LEVEL": "verbose"])
        #expect(status == 1)
        #expect(stderr.hasPrefix("WIREWATCH_LOG_LEVEL: unknown log level 'verbose'; expected one of trace"), "\(stderr)")
        let (fine, _, said) = try await ChildProcess.run(["check", "--config", demo], environment: ["WIREWATCH_LOG_LEVEL": "DEBUG"])
        #expect(fine == 0, "\(said)")
    }

    /// A command-line mistake exits 64 (EX_USAGE) and says what to change; `parse --json --summary`
    /// printed tab-separated lines to a script that asked for JSON.
    @Test func parseRefusesJSONAndSummaryTogether() async throws {
        let (status, stdout, stderr) = try await ChildProcess.run(["parse", "--json", "--summary", "/nonexistent.rss"])
        #expect(status == 64)
        #expect(stdout.isEmpty)
        #expect(stderr.hasPrefix("Error: --json and --summary each choose the output; give one\n"), "\(stderr)")
    }
}
