import Fetching
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// What the daemon says it raised (its "feed polled" line, `wirewatch_alerts_total`)
/// is what the alert log holds: a throttled burst counts once, and an alert of a later
/// window (whose id is not the key's first) counts too.
@Suite struct AlertCountTests {
    static let rules = """
        rules:
          - id: grid-watch
            query: 'quantum AND grid'
            severity: info
            throttle: { per: rule, window: 1s }
          - id: grid-story
            query: 'quantum AND grid'
            severity: low
        """
    static let towns = ["Aberdeen", "Bergen", "Cork", "Dundee", "Esbjerg", "Faro", "Galway", "Hull"]

    static func item(_ n: Int) -> DemoSite.Item {
        let town = towns[n % towns.count]
        return DemoSite.Item(guid: "grid-\(n)", title: "Grid news \(n)",
                             body: "Story \(n): the quantum grid operator in \(town) reported \(n * 7) faults on the harbour line, "
                                 + "and the council of \(town) met on day \(n) to discuss lantern \(n) and orchard \(n * 3).")
    }

    @Test func aThrottledBurstAndALaterWindowAreCountedAsTheLogHoldsThem() async throws {
        let site = DemoSite((0..<5).map(Self.item))
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: Self.rules)
        try install.appendConfig("admin:\n  listen: 127.0.0.1:0\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { install.alertLines().count == 6 }, "stderr: \(daemon.stderr)")

        // Articles keep coming until one lands after grid-watch's 1 s window: its second alert.
        var next = 5
        #expect(await eventually(timeout: 60) {
            let lines = install.alertLines()
            if lines.filter({ $0.contains("\"rule\":\"grid-watch\"") }).count >= 2 { return true }
            // One more once the last is in (grid-story alerts on every one), at the poll's pace.
            if lines.filter({ $0.contains("\"rule\":\"grid-story\"") }).count == next { site.add(Self.item(next)); next += 1 }
            return false
        }, "stderr: \(daemon.stderr)")

        let admin = try #require(await eventually { LifecycleTests.adminAddress(daemon.stderr) != nil }
            ? LifecycleTests.adminAddress(daemon.stderr) : nil)
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        var logged: [String: Int] = [:]
        var metrics: [String: Double] = [:]
        // The daemon counts an alert when its poll commits it, before the log line; read both until they agree.
        #expect(await eventually {
            logged = Dictionary(install.alertLines().compactMap { line in
                (try? AlertRecord.decode(line: Data(line.utf8))).map { ("\($0.rule)/\($0.severity.rawValue)", 1) }
            }, uniquingKeysWith: +)
            metrics = (try? await LifecycleTests.scrape(fetcher, admin)) ?? [:]
            return metrics["wirewatch_alerts_total{rule=\"grid-watch\",severity=\"info\"}"] == Double(logged["grid-watch/info"] ?? -1)
                && metrics["wirewatch_alerts_total{rule=\"grid-story\",severity=\"low\"}"] == Double(logged["grid-story/low"] ?? -1)
        }, "log: \(logged), metrics: \(metrics.filter { $0.key.hasPrefix("wirewatch_alerts_total") })")
        // The log line of a poll reaches stderr's reader after the poll's alerts may reach the log, and an
        // article added last may still be polled: read both until they agree.
        func said() -> Int {
            daemon.stderr.split(separator: "\n").filter { $0.contains("feed polled") }
                .compactMap { $0.split(separator: " ").first { $0.hasPrefix("new_alerts=") }.flatMap { Int($0.dropFirst(11)) } }
                .reduce(0, +)
        }
        #expect(await eventually { said() == install.alertLines().count }, "stderr: \(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }
}
