import Foundation
import Testing
import TestSupport

/// A daemon killed while a webhook's batch is under way sends again, at its next start, only the requests
/// in flight or answered in the last quarter second: a receiver's 2xx is recorded as it comes
/// (exploratory finding of stop 31: the whole batch, up to 100 requests the receiver had taken, went again).
@Suite struct KilledMidBatchTests {
    @Test func aKillMidBatchResendsOnlyTheLastAnswersNotTheBatch() async throws {
        let desk = NewsDesk(), receiver = WebhookReceiver(.acceptAfter(0.3))
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        let hook = try await receiver.start()
        defer { Task { await feeds.shutdown(); await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        var random = SeededRandom(seed: 5)
        for i in 0..<40 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected >= 12)
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                concurrency: 1
            """, rules: WireService.rule, interval: "1h")

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        // Well into the batch: every alert was queued by the one poll, and the worker claims up to 100.
        #expect(await eventually { receiver.processed.count >= 8 }, "\(daemon.stderr)")
        daemon.signal(SIGKILL)
        _ = await daemon.wait(timeout: 30)
        let sentBeforeKill = receiver.requests.count
        try #require(sentBeforeKill < expected, "the batch ended before the kill: \(sentBeforeKill) of \(expected)")

        receiver.set(.accept)
        let restarted = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if restarted.isRunning { restarted.signal(SIGKILL) } }
        #expect(await eventually { receiver.processed.count == expected }, "\(restarted.stderr)")
        restarted.signal(SIGTERM)
        #expect(await restarted.wait(timeout: 30) == 0, "\(restarted.stderr)")
        // At most the request in flight at the kill and the one answered just before it (each answer takes 0.3 s,
        // longer than the quarter second, so each was recorded as it came). Before, every one of the batch.
        let repeated = receiver.requests.count - expected
        #expect((0...2).contains(repeated), "\(repeated) requests sent again of \(sentBeforeKill) sent before the kill")
        #expect(Set(receiver.processed).count == expected)
    }
}
