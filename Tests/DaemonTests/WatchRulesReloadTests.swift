import Foundation
import Testing
import TestSupport

/// `daemon.watch_rules` changed by a reload takes effect from the reload on, as operations.md says of every
/// setting but the store's, the admin endpoint's and `poll.per_host`.
@Suite struct WatchRulesReloadTests {
    /// Started with watching off (0), a reload that turns it on is followed by a rule file dropped in: the
    /// watching loop had ended at the start, and the file waited for a restart (exploratory finding of stop 33).
    @Test func aReloadTurnsWatchingBackOn() async throws {
        let site = DemoSite([LifecycleTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        try install.appendConfig("daemon:\n  watch_rules: 0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "stderr: \(daemon.stderr)")

        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "watch_rules: 0", with: "watch_rules: 1s")
            .write(toFile: install.configPath, atomically: false, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains(" reloaded ") }, "stderr: \(daemon.stderr)")

        let extra = install.dir.appendingPathComponent("rules.d/weather.yaml")
        try "rules:\n  - id: weather\n    query: weekend\n".write(to: extra, atomically: false, encoding: .utf8)
        #expect(await eventually { daemon.stderr.split(separator: "\n").contains { $0.contains(" reloaded ") && $0.contains("added=weather") } },
                "stderr: \(daemon.stderr)")
    }
}
