import Foundation
import Testing
import TestSupport

/// The alert log's filesystem fills up: the daemon keeps running and
/// polling, alerts wait in the outbox, and when space returns each is written
/// exactly once, with no torn line left behind.
@Suite struct DiskFullTests {
    @Test func alertsWaitInTheOutboxUntilSpaceReturns() async throws {
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 256 << 10) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], rules: WireService.rule,
                                        alertLogPath: disk.path + "/alerts.jsonl",
                                        alertLogOptions: "    retry: { initial: 1s, max: 1s }")
        var random = SeededRandom(seed: 11)
        for i in 0..<6 { wire.publish(i, random: &random) }
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        let first = wire.matching.count
        #expect(await eventually { AlertLogLines(path: install.alertLog).records.count == first }, "\(daemon.stderr)")

        try disk.fill()
        for i in 6..<30 { wire.publish(i, random: &random) }
        let expected = wire.matching
        let requestsBefore = feeds.requests.count
        // Every new alert is committed, tried, and waits; the daemon goes on polling.
        #expect(try await eventually {
            let s = try StoreInspection.deliveries(install.storePath, sink: "alert-log")
            return s.delivered + s.pending == expected.count && s.failures >= s.pending && s.pending > 0
        }, "\(daemon.stderr)")
        #expect(await eventually { feeds.requests.count >= requestsBefore + 3 })
        #expect(daemon.isRunning)
        #expect(daemon.stderr.contains("No space left on device"), "\(daemon.stderr)")
        // Said once for the sink, with its cause, not once per delivery per attempt (trial3 finding 4: 18,652 lines in 50 s).
        let failing = daemon.stderr.split(separator: "\n").filter { $0.contains("sink failing:") }
        #expect(failing.count == 1 && failing.first?.contains("sink=alert-log") == true, "\(daemon.stderr)")
        #expect(failing.first?.contains("No space left on device") == true, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("delivery failed"), "\(daemon.stderr)")
        let during = AlertLogLines(path: install.alertLog)
        #expect(during.broken.isEmpty, "a full disk left a partial line: \(during.broken)")
        #expect(during.duplicates.isEmpty)
        #expect(try StoreInspection.deliveries(install.storePath, sink: "alert-log").dead == 0)

        disk.free()
        #expect(await eventually { AlertLogLines(path: install.alertLog).records.count >= expected.count }, "\(daemon.stderr)")
        #expect(try await eventually { try StoreInspection.deliveries(install.storePath, sink: "alert-log").pending == 0 })
        #expect(await eventually { daemon.stderr.contains("sink delivers again") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
        let log = AlertLogLines(path: install.alertLog)
        #expect(log.broken.isEmpty)
        #expect(log.duplicates.isEmpty, "written twice: \(log.duplicates)")
        #expect(Set(log.records.compactMap { $0.article.url.map(CrashSafetyTests.guid) }) == expected)
        #expect(log.records.count == expected.count)
    }
}
