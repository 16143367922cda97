import Foundation
import Testing
import TestSupport

/// A webhook receiver that refuses connections, then answers 500, then
/// recovers: every alert arrives after recovery within the backoff cap plus
/// 10 s, once per idempotency key, and the alert log never waited for it.
@Suite struct SinkOutageTests {
    /// The retry cap the test configures; delivery after recovery must come within it plus 10 s.
    static let cap: Double = 2

    @Test func refusedThenFailingThenRecoveredReceiverGetsEveryAlert() async throws {
        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        // A port that refuses connections until the receiver takes it.
        let receiver = WebhookReceiver(.fail(500))
        let refusing = try RefusingPort()
        let port = refusing.port

        let wire = WireService(desk: desk, paths: ["/world.xml"])
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: http://127.0.0.1:\(port)/hook
                retry: { initial: 1s, max: \(Int(Self.cap))s }
            """, rules: WireService.rule)
        var random = SeededRandom(seed: 7)
        for i in 0..<12 { wire.publish(i, random: &random) }
        let expected = wire.matching
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }

        // Refused: the alert log gets every alert meanwhile; the webhook's deliveries fail and wait.
        #expect(await eventually { AlertLogLines(path: install.alertLog).records.count == expected.count }, "\(daemon.stderr)")
        #expect(try await eventually {
            let s = try StoreInspection.deliveries(install.storePath, sink: "hook")
            return s.pending == expected.count && s.failures >= 2 * expected.count
        }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("Connection refused") || daemon.stderr.contains("connect"), "\(daemon.stderr)")

        // 500: requests arrive and fail.
        refusing.release()
        let failing = try await receiver.start(port: port)
        defer { Task { await failing.shutdown() } }
        #expect(await eventually { Set(receiver.requests.compactMap { $0.header("Idempotency-Key") }).count == expected.count })
        #expect(receiver.processed.isEmpty)
        #expect(try StoreInspection.deliveries(install.storePath, sink: "hook").pending == expected.count)

        // Recovery: each alert within the cap plus 10 s.
        receiver.set(.accept)
        #expect(await eventually(timeout: Self.cap + 10) { receiver.processed.count == expected.count },
                "\(receiver.processed.count) of \(expected.count) delivered within \(Self.cap + 10) s of recovery")
        #expect(Set(receiver.processed) == Set(AlertLogLines(path: install.alertLog).ids))
        #expect(try await eventually { try StoreInspection.deliveries(install.storePath, sink: "hook").delivered == expected.count })
        let stats = try StoreInspection.deliveries(install.storePath, sink: "hook")
        #expect(stats.pending == 0 && stats.dead == 0)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
    }
}
