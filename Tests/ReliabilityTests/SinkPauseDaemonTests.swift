import Foundation
import Testing
import TestSupport

/// The daemon as an operator runs it, with a webhook whose receiver answers 429 Retry-After: 3600:
/// the sink pauses (the alert log does not), says so once, shows in `deliver list` and `/metrics`,
/// and a restart during the pause honours it.
@Suite struct SinkPauseDaemonTests {
    @Test func aRateLimitedWebhookPausesItsSinkAcrossARestartAndSaysSo() async throws {
        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let receiver = WebhookReceiver(.fail(429, retryAfter: "3600"))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        var random = SeededRandom(seed: 11)
        for i in 0..<12 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        try #require(expected > 4)
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                concurrency: 2
                retry: { initial: 200ms, max: 2s }
            """, rules: WireService.rule, interval: "1h", extraConfig: "admin: { listen: '127.0.0.1:0' }")

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        // The alert log is not held; the webhook got the attempts that were in flight together, no more.
        #expect(await eventually { AlertLogLines(path: install.alertLog).records.count == expected }, "\(daemon.stderr)")
        #expect(await eventually { daemon.stderr.contains("sink paused") }, "\(daemon.stderr)")
        #expect(receiver.requests.count <= 2, "\(receiver.requests.count) requests")
        #expect(daemon.stderr.components(separatedBy: "sink paused").count == 2, "\(daemon.stderr)")

        let metrics = try await SharedPostgresDaemonsTests.scrapeMetrics(of: daemon)
        func pausedUntil(_ sink: String) -> Double? {
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("wirewatch_delivery_paused_until_seconds{sink=\"\(sink)\"}") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect((pausedUntil("hook") ?? 0) > Date().timeIntervalSince1970 + 3000, "\(metrics)")
        #expect(pausedUntil("alert-log") == 0, "\(metrics)")

        let (status, listed, _) = try await ChildProcess.run(["deliver", "list", "--config", install.configPath])
        #expect(status == 0)
        #expect(listed.contains("sink hook paused until ") && listed.contains("its receiver asked it to wait (HTTP 429)"), "\(listed)")
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
        let paused = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["paused"] as? [[String: Any]])
        #expect(paused.count == 1 && paused.first?["sink"] as? String == "hook" && paused.first?["reason"] as? String == "HTTP 429", "\(json)")

        // A restart during the pause: the new daemon reads the hold, says so, and sends nothing to the receiver.
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
        let sent = receiver.requests.count
        let restarted = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if restarted.isRunning { restarted.signal(SIGKILL) } }
        #expect(await eventually { restarted.stderr.contains("sink paused") && restarted.stderr.contains("wirewatch ready") },
                "\(restarted.stderr)")
        #expect(receiver.requests.count == sent)
        restarted.signal(SIGTERM)
        #expect(await restarted.wait(timeout: 30) == 0, "\(restarted.stderr)")
        #expect(receiver.requests.count == sent)
    }
}
