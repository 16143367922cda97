import Foundation
import Testing
import TestSupport
import WirewatchCore

/// SIGKILL at random moments while feeds keep publishing and a webhook
/// receiver listens: after the last restart, every article that should have
/// raised an alert did so exactly once in the alert log and at least once
/// (once per idempotency key) at the receiver, and the store is intact.
///
/// The kill schedule and the stories come from a seed printed at the start;
/// `WIREWATCH_CRASH_SEED=N` replays it. `WIREWATCH_CRASH_KILLS=N` changes the
/// number of kills (default 20); `WIREWATCH_RELIABILITY_HEAVY=1` runs 200
/// kills over six feeds.
@Suite struct CrashSafetyTests {
    struct Plan {
        var seed: UInt64
        var kills: Int
        var feeds: Int
        /// How long the daemon runs before each SIGKILL, drawn from this range.
        var lifetime: ClosedRange<Double>

        static func fromEnvironment() -> Plan {
            let env = ProcessInfo.processInfo.environment
            let heavy = env["WIREWATCH_RELIABILITY_HEAVY"] == "1"
            return Plan(seed: SeededRandom.seed(from: "WIREWATCH_CRASH_SEED"),
                        kills: env["WIREWATCH_CRASH_KILLS"].flatMap { Int($0) } ?? (heavy ? 200 : 20),
                        feeds: heavy ? 6 : 3, lifetime: 0.05...2.5)
        }
    }

    @Test func sigkillLosesNoAlertAndDuplicatesNone() async throws {
        let plan = Plan.fromEnvironment()
        print("crash safety: seed \(plan.seed), \(plan.kills) kills over \(plan.feeds) feeds; replay with WIREWATCH_CRASH_SEED=\(plan.seed)")
        let root = SeededRandom(seed: plan.seed)
        var schedule = root.fork(1)

        let desk = NewsDesk()
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        let receiver = WebhookReceiver()
        let hook = try await receiver.start()
        defer { Task { await feeds.shutdown(); await hook.shutdown() } }
        let wire = WireService(desk: desk, paths: (0..<plan.feeds).map { "/wire-\($0).xml" })
        let install = try DaemonInstall(
            feeds: wire.paths.enumerated().map { ("wire-\($0.offset)", feeds.baseURL + $0.element) },
            extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1s, max: 1s }
            """,
            rules: WireService.rule,
            alertLogOptions: "    retry: { initial: 1s, max: 1s }")

        var random = root.fork(2)
        for i in 0..<5 { wire.publish(i, random: &random) }
        let publishing = Task { await wire.run(interval: 0.05...0.4, random: root.fork(3)) }

        var tornTails = 0
        for kill in 1...plan.kills {
            let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
            let lifetime = Double.random(in: plan.lifetime, using: &schedule)
            try await Task.sleep(for: .seconds(lifetime))
            guard daemon.isRunning else {
                Issue.record("the daemon exited by itself before kill \(kill) (seed \(plan.seed)): \(daemon.stderr)")
                publishing.cancel()
                return
            }
            daemon.signal(SIGKILL)
            #expect(await daemon.wait(timeout: 30) != nil)
            if FileManager.default.fileExists(atPath: install.storePath) {
                let check = try StoreInspection.integrityCheck(install.storePath)
                #expect(check == "ok", "after kill \(kill) at \(lifetime) s (seed \(plan.seed))")
            }
            let log = AlertLogLines(path: install.alertLog)
            // Only the last line can be torn by a kill (and the next start repairs it).
            #expect(log.broken.count <= 1, "after kill \(kill) (seed \(plan.seed)): \(log.broken)")
            tornTails += log.broken.count
            #expect(log.duplicates.isEmpty, "after kill \(kill) (seed \(plan.seed)): \(log.duplicates)")
        }
        publishing.cancel()
        _ = await publishing.value

        let expected = wire.matching
        let polledBefore = feeds.requests.count
        let final = try ChildProcess(arguments: ["run", "--config", install.configPath])
        // The last daemon polls every feed at least once (so its signal handlers are in place), and catches up:
        // every alert in the log and at the receiver, and recorded delivered to both. The receiver processes a
        // request before the daemon has its answer: a SIGTERM then cuts the attempt, which stays pending for
        // the next start (InFlightReloadTests.aShutdownDuringTheSwapDoesNotWaitForTheAttemptInFlight), so the
        // receiver's word alone is not "caught up".
        let sinks = ["alert-log", "hook"]
        let caughtUp = await eventually(timeout: 90) {
            guard feeds.requests.count >= polledBefore + plan.feeds else { return false }
            let log = AlertLogLines(path: install.alertLog)
            guard Set(log.records.compactMap { $0.article.url.map(Self.guid) }) == expected
                && Set(receiver.processed) == Set(log.ids) && log.ids.count == expected.count else { return false }
            return sinks.allSatisfy { sink in
                (try? StoreInspection.deliveries(install.storePath, sink: sink)).map { $0.pending == 0 && $0.delivered == expected.count } ?? false
            }
        }
        final.signal(SIGTERM)
        let finalStatus = await final.wait(timeout: 30)
        #expect(finalStatus == 0, "status \(String(describing: finalStatus)); stderr: \(final.stderr.suffix(3000))")

        let log = AlertLogLines(path: install.alertLog)
        let alerted = log.records.compactMap { $0.article.url.map(Self.guid) }
        #expect(caughtUp, "seed \(plan.seed): \(expected.count) articles should alert; the log has \(log.ids.count), the receiver \(receiver.processed.count)")
        #expect(log.broken.isEmpty, "seed \(plan.seed)")
        #expect(log.duplicates.isEmpty, "seed \(plan.seed): written twice: \(log.duplicates)")
        #expect(Set(alerted) == expected, "seed \(plan.seed): missing \(expected.subtracting(alerted).sorted()), unexpected \(Set(alerted).subtracting(expected).sorted())")
        #expect(alerted.count == expected.count, "seed \(plan.seed): one line per article")
        // The receiver processes a key once and answers 208 to a repeat: a repeat is allowed, a loss is not.
        #expect(Set(receiver.processed) == Set(log.ids), "seed \(plan.seed)")
        #expect(receiver.processed.count == Set(receiver.processed).count)
        #expect(try StoreInspection.integrityCheck(install.storePath) == "ok")
        // A clean exit keeps what was recorded.
        for sink in sinks {
            let stats = try StoreInspection.deliveries(install.storePath, sink: sink)
            let undelivered = try StoreInspection.undelivered(install.storePath, sink: sink)
            #expect(stats.pending == 0 && stats.dead == 0 && stats.delivered == expected.count,
                    "\(sink): \(stats); not delivered: \(undelivered)")
        }
        let repeats = receiver.requests.count - Set(receiver.processed).count
        print("crash safety: seed \(plan.seed): \(wire.count) stories, \(expected.count) alerts, \(plan.kills) kills, "
              + "\(tornTails) torn tails repaired, \(repeats) webhook requests repeated after a kill")
    }

    static func guid(_ url: String) -> String { String(url.split(separator: "/").last ?? "") }
}
