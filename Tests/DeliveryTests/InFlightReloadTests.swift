import Delivery
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// A reload that edits or removes a sink while one of its attempts is in
/// flight: `wirewatch run` as a child process, the receiver holding its answer
/// until the swap is under way. The attempt finishes with the old settings and
/// is recorded delivered; it is neither sent again nor dead-lettered.
@Suite struct InFlightReloadTests {
    /// A long timeout: the held attempt must end by the receiver's answer, never by the sink giving up.
    static func hookSink(_ url: String) -> String {
        "  - id: hook\n    type: webhook\n    url: \(url)\n    timeout: 300s\n    retry: { initial: 1s, max: 1s }\n"
    }

    /// A daemon whose hook posts to `held`, which holds the first alert's request in flight.
    struct Setup {
        let desk = NewsDesk()
        let feeds: LoopbackHTTPServer
        let held = WebhookReceiver(.holdUntilReleased)
        let heldHook: LoopbackHTTPServer
        /// Where the edited sink posts after the reload (idle when the sink is removed instead).
        let next = WebhookReceiver(.accept)
        let nextHook: LoopbackHTTPServer
        let install: DaemonInstall
        let config: String
        let daemon: ChildProcess

        init() async throws {
            desk.publish(SinkReloadTests.stories[0], on: "/world.xml")
            feeds = try await LoopbackHTTPServer { [desk] in desk.respond($0) }
            heldHook = try await held.start()
            nextHook = try await next.start()
            install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")])
            config = try String(contentsOfFile: install.configPath, encoding: .utf8)
            try (config + InFlightReloadTests.hookSink("\(heldHook.baseURL)/hook"))
                .write(toFile: install.configPath, atomically: true, encoding: .utf8)
            daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        }

        /// The config with the hook pointed at `next`.
        var editedConfig: String { config + InFlightReloadTests.hookSink("\(nextHook.baseURL)/hook") }

        func alertID(_ line: Int) throws -> String {
            // Required, not indexed: a line missing under load must fail this test, not crash the test process.
            let lines = install.lines()
            try #require(line < lines.count, "\(lines.count) lines")
            return try AlertRecord.decode(line: Data(lines[line].utf8)).id
        }

        /// Once the first alert's attempt is held, writes `config`, signals the reload, and waits until
        /// the crew has retired the hook's worker, its attempt still held.
        func reloadDuringTheAttempt(to config: String) async throws {
            #expect(await eventually { install.lines().count == 1 && held.requests.count == 1 }, "stderr: \(daemon.stderr)")
            try config.write(toFile: install.configPath, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually { daemon.stderr.contains("sink retiring") }, "stderr: \(daemon.stderr)")
            #expect(held.requests.count == 1, "the held attempt was sent again while in flight")
        }

        /// `deliver list --json` once the outbox settles: every delivery delivered, none pending or dead.
        func expectAllDelivered(_ count: Int) async throws {
            var json = ""
            let settled = try await eventually {
                json = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath]).1
                let summary = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                return summary?["delivered"] as? Int == count
            }
            #expect(settled, "\(json)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(summary["pending"] as? Int == 0 && summary["dead"] as? Int == 0, "\(json)")
        }

        func shutdown() async {
            daemon.signal(SIGKILL)
            await feeds.shutdown()
            await heldHook.shutdown()
            await nextHook.shutdown()
        }
    }

    @Test func anAttemptInFlightWhenItsSinkIsEditedIsDeliveredOnceByTheOldWorker() async throws {
        let s = try await Setup()
        let next = s.next
        defer { Task { await s.shutdown() } }

        try await s.reloadDuringTheAttempt(to: s.editedConfig)
        s.held.release()
        #expect(await eventually { s.daemon.stderr.contains("sink restarted with its new settings") }, "stderr: \(s.daemon.stderr)")
        let first = try s.alertID(0)
        #expect(s.held.processed == [first] && s.held.requests.count == 1, "stderr: \(s.daemon.stderr)")

        // The successor sends what comes after, and would have sent the held alert first had it been left due.
        s.desk.publish(SinkReloadTests.stories[1], on: "/world.xml")
        #expect(await eventually { s.install.lines().count == 2 && next.processed.contains(where: { $0 == (try? s.alertID(1)) }) },
                "stderr: \(s.daemon.stderr)")
        let second = try s.alertID(1)
        #expect(next.processed == [second] && next.requests.count == 1, "\(next.processed)")
        #expect(s.held.requests.count == 1)
        // Two alerts, each to the alert log and to the hook.
        try await s.expectAllDelivered(4)
    }

    @Test func anAttemptInFlightWhenItsSinkIsRemovedIsDeliveredAndNotDeadLettered() async throws {
        let s = try await Setup()
        defer { Task { await s.shutdown() } }

        try await s.reloadDuringTheAttempt(to: s.config)
        s.held.release()
        #expect(await eventually { s.daemon.stderr.contains("sink stopped: it is no longer in the config") },
                "stderr: \(s.daemon.stderr)")
        let first = try s.alertID(0)
        #expect(s.held.processed == [first] && s.held.requests.count == 1, "stderr: \(s.daemon.stderr)")
        try await s.expectAllDelivered(2)
        #expect(!s.daemon.stderr.contains("no longer in the config dead-lettered") && !s.daemon.stderr.contains("delivery dead-lettered"), "stderr: \(s.daemon.stderr)")
    }

    /// A stop lets an attempt in flight finish when its receiver answers within the stop's grace: it is recorded
    /// delivered and not sent again at the next start. (It was cut at once, left pending, and posted twice to a
    /// receiver that ignores the idempotency key.) One held past the grace is cut, and stays in the outbox.
    @Test func aStopLetsTheAttemptInFlightFinish() async throws {
        let s = try await Setup()
        defer { Task { await s.shutdown() } }
        #expect(await eventually { s.install.lines().count == 1 && s.held.requests.count == 1 }, "stderr: \(s.daemon.stderr)")
        s.daemon.signal(SIGTERM)
        // The daemon waits for the answer: it has not ended before the receiver answers.
        #expect(await eventually { s.daemon.stderr.contains("delivery stopping: attempts in flight have up to 5s to finish") }, "stderr: \(s.daemon.stderr)")
        #expect(s.daemon.isRunning, "it stopped without waiting for the attempt in flight: \(s.daemon.stderr)")
        s.held.release()
        #expect(await s.daemon.wait(timeout: 25) == 0, "stderr: \(s.daemon.stderr)")
        let first = try s.alertID(0)
        #expect(s.held.requests.count == 1 && s.held.processed == [first], "stderr: \(s.daemon.stderr)")
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", s.install.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["pending"] as? Int == 0 && summary["delivered"] as? Int == 2 && summary["dead"] as? Int == 0, "\(json)")
    }

    /// An attempt whose receiver does not answer within the stop's grace is cut (it stays in the outbox for the next
    /// start): the stop does not wait out the sink's 300 s timeout.
    @Test func aStopCutsAnAttemptHeldPastTheGrace() async throws {
        let s = try await Setup()
        defer { Task { await s.shutdown() } }
        #expect(await eventually { s.install.lines().count == 1 && s.held.requests.count == 1 }, "stderr: \(s.daemon.stderr)")
        s.daemon.signal(SIGTERM)
        #expect(await s.daemon.wait(timeout: 25) == 0, "stderr: \(s.daemon.stderr)")
        #expect(s.daemon.stderr.contains("delivery stopping: attempts in flight have up to 5s to finish"), "stderr: \(s.daemon.stderr)")
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", s.install.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["pending"] as? Int == 1 && summary["delivered"] as? Int == 1 && summary["dead"] as? Int == 0, "\(json)")
    }

    /// Shutdown cuts a retiring worker's attempt as it cuts any other (it stays in the outbox for the next
    /// start), rather than waiting the sink's timeout for it and then starting the successor.
    @Test func aShutdownDuringTheSwapDoesNotWaitForTheAttemptInFlight() async throws {
        let s = try await Setup()
        let next = s.next
        defer { Task { await s.shutdown() } }

        try await s.reloadDuringTheAttempt(to: s.editedConfig)
        s.daemon.signal(SIGTERM)
        // Never released, the attempt would last the sink's 300 s timeout.
        #expect(await s.daemon.wait(timeout: 25) == 0, "stderr: \(s.daemon.stderr)")
        #expect(next.requests.isEmpty, "the successor started after SIGTERM")
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", s.install.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["pending"] as? Int == 1 && summary["delivered"] as? Int == 1 && summary["dead"] as? Int == 0, "\(json)")
    }
}
