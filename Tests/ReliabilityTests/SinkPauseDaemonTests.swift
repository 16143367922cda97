import Foundation
import Testing
import TestSupport

/// The daemon as an operator runs it, with a webhook whose receiver answers 429 Retry-After: 3600:
/// the sink pauses (the alert log does not), says so once, shows in `deliver list` and `/metrics`,
/// and a restart during the pause honours it.
@Suite struct SinkPauseDaemonTests {
    @Test func aRateLimitedWebhookPausesItsSinkAcrossARestartAndSaysSo() async throws {
        let rig = try await RateLimitedHook()
        defer { Task { await rig.shutdown() } }
        let receiver = rig.receiver
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        // The alert log is not held; the webhook got the attempts that were in flight together, no more.
        #expect(receiver.requests.count <= 2, "\(receiver.requests.count) requests")
        #expect(daemon.stderr.components(separatedBy: "sink paused").count == 2, "\(daemon.stderr)")

        let metrics = try await SharedPostgresDaemonsTests.scrapeMetrics(of: daemon)
        func pausedUntil(_ sink: String) -> Double? {
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("wirewatch_delivery_paused_until_seconds{sink=\"\(sink)\"}") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect((pausedUntil("hook") ?? 0) > Date().timeIntervalSince1970 + 3000, "\(metrics)")
        #expect(pausedUntil("alert-log") == 0, "\(metrics)")

        let (status, listed, _) = try await rig.deliver(["list"])
        #expect(status == 0)
        #expect(listed.contains("sink hook paused until ") && listed.contains("its receiver asked it to wait (HTTP 429)"), "\(listed)")
        let (_, json, _) = try await rig.deliver(["list", "--json"])
        let paused = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["paused"] as? [[String: Any]])
        #expect(paused.count == 1 && paused.first?["sink"] as? String == "hook" && paused.first?["reason"] as? String == "HTTP 429", "\(json)")

        // A restart during the pause: the new daemon reads the hold, says so, and sends nothing to the receiver.
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
        let sent = receiver.requests.count
        let restarted = try ChildProcess(arguments: ["run", "--config", rig.install.configPath])
        defer { if restarted.isRunning { restarted.signal(SIGKILL) } }
        #expect(await eventually { restarted.stderr.contains("sink paused") && restarted.stderr.contains("wirewatch ready") },
                "\(restarted.stderr)")
        #expect(receiver.requests.count == sent)
        restarted.signal(SIGTERM)
        #expect(await restarted.wait(timeout: 30) == 0, "\(restarted.stderr)")
        #expect(receiver.requests.count == sent)
    }
}
