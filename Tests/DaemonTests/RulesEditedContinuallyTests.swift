import Foundation
import Testing
import TestSupport

/// A rule file rewritten more often than the watcher checks (a script regenerating it
/// every half second) is loaded after a bounded wait; before, the daemon ran the old
/// rules for as long as the writes went on, and said nothing.
@Suite struct RulesEditedContinuallyTests {
    @Test func aRuleFileRewrittenBeforeEveryCheckIsLoadedAfterABoundedWait() async throws {
        let site = DemoSite([LifecycleTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        try install.appendConfig("daemon:\n  watch_rules: 1s\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "stderr: \(daemon.stderr)")

        let file = install.dir.appendingPathComponent("rules.d/weather.yaml")
        let writer = Task.detached {
            var n = 0
            while !Task.isCancelled {
                n += 1
                // The same rule each time, in a file that is never the same twice.
                try? "# generation \(n)\nrules:\n  - id: weather\n    query: weekend\n".write(to: file, atomically: true, encoding: .utf8)
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        defer { writer.cancel() }
        // Waited for together: a writer starved past a check (a loaded machine) lets one ordinary reload in first.
        #expect(await eventually(timeout: 90) {
            let log = daemon.stderr
            return log.contains("rule files kept changing for 5s; loaded as they are")
                && log.split(separator: "\n").contains { $0.contains("reloaded") && $0.contains("added=weather") }
        }, "stderr: \(daemon.stderr)")
        #expect(daemon.stderr.contains("rule files changed and are still changing"), "stderr: \(daemon.stderr)")
    }
}
