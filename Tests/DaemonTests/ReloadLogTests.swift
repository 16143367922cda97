import Foundation
import Testing
import TestSupport

/// What a reload says in the daemon's log: the settings it applies at once, and
/// every changed one that waits for the restart (so an operator who edited one is
/// not left believing it applies).
@Suite struct ReloadLogTests {
    @Test func aReloadThatAddsASinkNamesItAndDoesNotWaitForTheRestart() async throws {
        // The sinks list ends the config: one more item goes at its end.
        let stderr = try await Self.stderrAfterReload(appending: "  - id: pager\n    type: webhook\n    url: http://127.0.0.1:9/hook",
                                                      until: "sink started sink=pager")
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("sinks changed") }, "\(stderr)")
        #expect(line.contains("an added sink starts delivering") && line.contains("sinks_added=pager"), "\(line)")
        #expect(!stderr.contains("take effect at the next restart"), "\(stderr)")
    }

    /// A sink added with an `env:` secret the daemon's environment lacks: the line said "until a reload or
    /// restart starts it", but no reload can change a running process's environment (trial finding 6).
    @Test func aSinkAddedWithAnUnsetVariableSaysOnlyARestartStartsIt() async throws {
        let stderr = try await Self.stderrAfterReload(
            appending: "  - id: team-chat\n    type: slack\n    url: env:WIREWATCH_TEST_UNSET_SLACK_URL", until: "sink cannot start")
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("sink cannot start") }, "\(stderr)")
        #expect(line.contains("until a restart with it in the daemon's environment starts it (a reload cannot"), "\(line)")
        #expect(line.contains("sink=team-chat") && line.contains("WIREWATCH_TEST_UNSET_SLACK_URL is not set"), "\(line)")
    }

    @Test func aReloadThatChangesPerHostSaysItWaitsForTheRestart() async throws {
        let stderr = try await Self.stderrAfterReload(appending: "poll:\n  per_host: 2")
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("take effect at the next restart") }, "\(stderr)")
        #expect(line.hasSuffix("settings=poll.per_host"), "\(line)")
    }

    /// Among thousands of feeds, the one an operator edited is named in the scheduler's line.
    @Test func aReloadThatEditsAFeedNamesIt() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let text = try String(contentsOfFile: running.install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "interval: 1s", with: "interval: 2s")
            .write(toFile: running.install.configPath, atomically: true, encoding: .utf8)
        running.daemon.signal(SIGHUP)
        #expect(await eventually { running.daemon.stderr.contains("feeds reconciled") }, "stderr: \(running.daemon.stderr)")
        let line = try #require(running.daemon.stderr.split(separator: "\n").first { $0.contains("feeds reconciled") })
        #expect(line.contains("edited=test-desk") && line.contains("added=0") && line.contains("removed=0"), "\(line)")
    }

    /// The feeds a reload adds and removes are named, as the rules' reload line names rules; the line
    /// only counted them, so a bad merge that dropped a feed did not say which (trial finding 17).
    @Test func aReloadThatAddsAndRemovesFeedsNamesThem() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let text = try String(contentsOfFile: running.install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "id: test-desk", with: "id: weather-desk")
            .write(toFile: running.install.configPath, atomically: true, encoding: .utf8)
        running.daemon.signal(SIGHUP)
        #expect(await eventually { running.daemon.stderr.contains("feeds reconciled") }, "stderr: \(running.daemon.stderr)")
        let line = try #require(running.daemon.stderr.split(separator: "\n").first { $0.contains("feeds reconciled") })
        #expect(line.contains("added=1") && line.contains("added_ids=weather-desk"), "\(line)")
        #expect(line.contains("removed=1") && line.contains("removed_ids=test-desk"), "\(line)")
    }

    /// Runs the daemon on one demo feed, appends `yaml` to its config and sends SIGHUP;
    /// the daemon's stderr once it has reloaded (and logged `until`).
    static func stderrAfterReload(appending yaml: String, until: String = "reloaded") async throws -> String {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let daemon = running.daemon
        try running.install.appendConfig(yaml)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("reloaded") && daemon.stderr.contains(until) }, "stderr: \(daemon.stderr)")
        return daemon.stderr
    }
}
