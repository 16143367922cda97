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

    @Test func aReloadThatChangesPerHostSaysItWaitsForTheRestart() async throws {
        let stderr = try await Self.stderrAfterReload(appending: "poll:\n  per_host: 2")
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("take effect at the next restart") }, "\(stderr)")
        #expect(line.hasSuffix("settings=poll.per_host"), "\(line)")
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
