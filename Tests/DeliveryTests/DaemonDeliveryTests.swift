import Analysis
import Delivery
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// Delivery as an operator sees it: `wirewatch run` as a child process,
/// polling a real feed and posting to a real receiver, killed and restarted.
@Suite struct DaemonDeliveryTests {
    static let story = NewsDesk.Story(
        guid: "d1", title: "OpenAI says DeepSeek distilled its models",
        body: """
            OpenAI said on Wednesday that it had seen evidence that the Chinese start-up DeepSeek used a technique \
            called distillation to train its own models on the outputs of OpenAI's models. The company said it was \
            reviewing the matter with Microsoft, its largest investor, and that it would work with the US government \
            to protect its technology. White House adviser David Sacks said there was substantial evidence of the practice.
            """)

    /// The story on a feed, a receiver answering as `mode`, and an install whose webhook sink posts to it.
    struct Setup {
        let feeds: LoopbackHTTPServer
        let receiver: WebhookReceiver
        let hook: LoopbackHTTPServer
        let install: DaemonInstall

        init(receiver mode: WebhookReceiver.Mode) async throws {
            let desk = NewsDesk()
            desk.publish(DaemonDeliveryTests.story, on: "/world.xml")
            feeds = try await LoopbackHTTPServer { desk.respond($0) }
            receiver = WebhookReceiver(mode)
            hook = try await receiver.start()
            install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")], extraSinks: """
                  - id: hook
                    type: webhook
                    url: \(hook.baseURL)/hook
                    secret: env:HOOK_SECRET
                    retry: { initial: 1s, max: 1s }
                """)
        }

        func shutdown() async { await feeds.shutdown(); await hook.shutdown() }
    }

    @Test func aRestartInTheMiddleOfRetriesResumesThem() async throws {
        let setup = try await Setup(receiver: .fail(500))
        defer { Task { await setup.shutdown() } }
        let (receiver, install) = (setup.receiver, setup.install)
        let env = ["HOOK_SECRET": "restart-secret"]

        let first = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: env)
        #expect(await eventually { receiver.requests.count >= 3 }, "stderr: \(first.stderr)")
        first.signal(SIGKILL)
        _ = await first.wait()
        #expect(receiver.processed.isEmpty)
        // Required, not indexed: a starved daemon that wrote nothing would crash the whole test process.
        let line = try #require(install.lines().first, "stderr: \(first.stderr)")
        #expect(install.lines().count == 1)
        let alert = try AlertRecord.decode(line: Data(line.utf8))

        receiver.set(.accept)
        let second = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: env)
        #expect(await eventually { receiver.processed == [alert.id] }, "stderr: \(second.stderr)")
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 20) == 0)
        #expect(install.lines().count == 1)
        let last = try #require(receiver.requests.last)
        #expect(WebhookSignature.verify(body: last.body, timestamp: last.header(WebhookSignature.timestampHeader) ?? "",
                                        signature: last.header(WebhookSignature.signatureHeader) ?? "",
                                        secret: Secret("restart-secret"), now: Date()))
        #expect(!second.stderr.contains("restart-secret") && !first.stderr.contains("restart-secret"))
    }

    @Test func deadLettersAreListedAndQueuedAgainFromTheCommandLine() async throws {
        let setup = try await Setup(receiver: .fail(400))
        defer { Task { await setup.shutdown() } }
        let (receiver, install) = (setup.receiver, setup.install)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["HOOK_SECRET": "s"])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("dead-lettered") }, "stderr: \(daemon.stderr)")
        #expect(receiver.requests.count == 1)
        // The alert log's worker writes on its own time: the hook's dead letter may come first.
        #expect(await eventually { !install.lines().isEmpty }, "stderr: \(daemon.stderr)")
        let id = try AlertRecord.decode(line: Data(try #require(install.lines().first).utf8)).id

        let (status, out, _) = try await ChildProcess.run(["deliver", "list", "--dead", "--config", install.configPath])
        #expect(status == 0)
        #expect(out.contains(id) && out.contains("hook") && out.contains("HTTP 400") && out.contains("attempts=1"), "\(out)")
        // The alert log's line is written before its delivery is marked delivered: wait for the mark.
        var summary: [String: Any] = [:]
        #expect(try await eventually {
            let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
            summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return summary["delivered"] as? Int == 1
        }, "\(summary)")
        #expect(summary["dead"] as? Int == 1)

        let (bad, _, err) = try await ChildProcess.run(["deliver", "retry", "NOSUCHALERT", "--config", install.configPath])
        #expect(bad == 1)
        #expect(err == "no dead delivery for alert NOSUCHALERT\n")
        receiver.set(.accept)
        let (ok, queued, _) = try await ChildProcess.run(["deliver", "retry", "--all", "--config", install.configPath])
        #expect(ok == 0)
        #expect(queued == "queued 1 delivery again\n")
        let (_, none, _) = try await ChildProcess.run(["deliver", "retry", "--all", "--json", "--config", install.configPath])
        #expect(none == "{\"queued\":0}\n")
        #expect(await eventually { receiver.processed == [id] }, "stderr: \(daemon.stderr)")
    }

    /// A delivery given up past `retry.max_age` is as lost to the receiver as one a 4xx rejected, which is logged
    /// at error: it was a warning, missed by an operator watching the journal's errors (trial finding 16).
    @Test func aDeliveryGivenUpPastItsMaximumAgeIsLoggedAsAnError() async throws {
        let desk = NewsDesk()
        desk.publish(Self.story, on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let receiver = WebhookReceiver(.fail(500))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1s, max: 1s, max_age: 1s }
            """)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("delivery dead-lettered") }, "\(daemon.stderr)")
        let line = try #require(daemon.stderr.split(separator: "\n").first { $0.contains("delivery dead-lettered") })
        #expect(line.contains(" error delivery dead-lettered"), "\(line)")
        #expect(receiver.requests.count >= 2)
    }

    @Test func deliveriesToASinkTakenOutOfTheConfigAreDeadLetteredNotLeftPending() async throws {
        let setup = try await Setup(receiver: .fail(500))
        defer { Task { await setup.shutdown() } }
        let install = setup.install
        let first = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["HOOK_SECRET": "s"])
        // The alert log's delivery too: stopped before it, the log's would wait beside the hook's (a loaded run).
        #expect(await eventually { setup.receiver.requests.count >= 1 && install.lines().count == 1 }, "stderr: \(first.stderr)")
        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 20) == 0)
        // Which sink waits, and that its attempts fail: "pending 1" alone said neither (trial finding 5).
        let (_, listed, _) = try await ChildProcess.run(["deliver", "list", "--config", install.configPath])
        let lines = listed.split(separator: "\n").map(String.init)
        let block = try #require(lines.firstIndex(of: "sink hook: not delivered: no daemon runs"), "\(listed)")
        #expect(lines.count > block + 3 && lines[block + 1].hasPrefix("  1 pending, the oldest queued ")
                && lines[block + 1].hasSuffix("; next attempt once a daemon starts")
                && lines[block + 2].contains(" failed; the last, ")
                // SIGTERM during a retry in flight records that attempt as cancelled, after the receiver's 500s.
                && (lines[block + 2].hasSuffix(": HTTP 500") || lines[block + 2].hasSuffix(": cancelled: cancelled while in flight")),
                "\(listed)")
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
        #expect(json.contains("\"pendingBySink\":{\"hook\":1}"), "\(json)")

        // The operator takes the failing webhook out of the config and starts again.
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let hookSink = try #require(config.range(of: "  - id: hook"))
        try String(config[..<hookSink.lowerBound]).write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let second = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { second.signal(SIGKILL) }
        #expect(await eventually { second.stderr.contains("wirewatch ready") }, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("deliveries to a sink no longer in the config dead-lettered"), "\(second.stderr)")
        #expect(second.stderr.contains("deliveries=1") && second.stderr.contains("sink=hook"), "\(second.stderr)")
        try await Self.expectOnlyDeadLetterIsForTheRemovedHook(install)

        // Queued again while the sink is still out, they would wait for ever: retry leaves them.
        let (all, queued, _) = try await ChildProcess.run(["deliver", "retry", "--all", "--config", install.configPath])
        #expect(all == 0 && queued == "queued 0 deliveries again\n", "\(queued)")
        let (named, _, refused) = try await ChildProcess.run(["deliver", "retry", "--all", "--sink", "hook", "--config", install.configPath])
        #expect(named == 1)
        #expect(refused == "sink 'hook' is not in the config (sinks: alert-log); add it back first\n")
    }

    /// `deliver list`: nothing pending, and one dead letter, for the sink 'hook' taken out of the config.
    static func expectOnlyDeadLetterIsForTheRemovedHook(_ install: DaemonInstall) async throws {
        let (_, json, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["pending"] as? Int == 0, "\(json)")
        #expect(summary["dead"] as? Int == 1, "\(json)")
        #expect(json.contains("sink 'hook' is no longer in the config"), "\(json)")
    }

    @Test func sigusr1ReopensTheAlertLogAfterLogrotate() async throws {
        let desk = NewsDesk()
        desk.publish(Self.story, on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")],
                                        rules: "rules:\n  - id: any-deepseek\n    query: DeepSeek\n    throttle: { per: article }\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { install.lines().count == 1 }, "stderr: \(daemon.stderr)")
        try FileManager.default.moveItem(atPath: install.alertLog, toPath: install.alertLog + ".1")
        daemon.signal(SIGUSR1)
        #expect(await eventually { daemon.stderr.contains("alert logs reopened") }, "stderr: \(daemon.stderr)")
        #expect(daemon.isRunning)
        desk.publish(.init(guid: "d2", title: "DeepSeek answers", body: "DeepSeek denied the claims on Thursday."), on: "/world.xml")
        #expect(await eventually { install.lines().count == 1 }, "stderr: \(daemon.stderr)")
        #expect(install.lines(install.alertLog + ".1").count == 1)
        #expect(try AlertRecord.decode(line: Data(try #require(install.lines().first).utf8)).article.title == "DeepSeek answers")
        let mode = try FileManager.default.attributesOfItem(atPath: install.alertLog)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func theSameStoryEditedInTwoFeedsIsOneAlert() async throws {
        // The seed report, and the same report as a second outlet runs it: no byline, no photo credit.
        let seed = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"),
                              encoding: .utf8)
        let paragraphs = seed.components(separatedBy: "\n\n")
        let original = NewsDesk.Story(guid: "bbc-1", title: paragraphs[0], body: paragraphs.dropFirst().joined(separator: "\n\n"))
        func fingerprint(_ s: NewsDesk.Story) -> UInt64 { StoryFingerprint.simhash(Tokenizer.tokenize(s.title + "\n\n" + s.body).tokens) }
        let a = fingerprint(original)
        // The second outlet drops the byline and photo credit and cuts the report short: the
        // first such cut whose fingerprint differs from the original's but is near enough to be one story.
        let cuts = (1..<paragraphs.count - 4).map { k in
            NewsDesk.Story(guid: "wire-1", title: paragraphs[0], body: paragraphs.dropFirst(3).dropLast(k).joined(separator: "\n\n"))
        }
        let edited = try #require(cuts.first { fingerprint($0) != a && StoryFingerprint.sameStory(fingerprint($0), a) },
                                  "distances \(cuts.map { StoryFingerprint.distance(fingerprint($0), a) })")

        #expect(try await alertLines(world: original, thenWire: edited) == 1)
    }

    /// Syndication: a demo report, then the same report in a second feed under that outlet's own
    /// headline. The full fingerprints are another story's apart; the bodies are one report's.
    @Test func theSameReportUnderAnotherHeadlineInASecondFeedIsOneAlert() async throws {
        let demo = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/AnalysisTests/Fixtures/gold-entities-seed-and-demo.jsonl"),
                              encoding: .utf8).split(separator: "\n")
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let report = try #require(demo.first { $0["id"] as? String == "urn:wirewatch:demo:tech:01" })
        let html = try #require(report["html"] as? String)
        let original = NewsDesk.Story(guid: "tech-1", title: try #require(report["title"] as? String), body: html)
        let copy = NewsDesk.Story(guid: "wire-1", title: "Questions grow over DeepSeek's R1 and OpenAI's distillation accusation", body: html)
        func fingerprint(_ s: NewsDesk.Story) -> UInt64 {
            StoryFingerprint.simhash(Tokenizer.tokenize(CleanText.from(html: s.title).text + "\n\n" + CleanText.from(html: s.body).text).tokens)
        }
        #expect(!StoryFingerprint.sameStory(fingerprint(original), fingerprint(copy)),
                "\(StoryFingerprint.distance(fingerprint(original), fingerprint(copy))) bits")

        #expect(try await alertLines(world: original, thenWire: copy) == 1)
    }

    /// `wirewatch run` on two feeds, "world" carrying `first`; once it has alerted, "wire" carries
    /// `second`. The lines in the alert log once the daemon has taken `second` in and stopped.
    func alertLines(world first: NewsDesk.Story, thenWire second: NewsDesk.Story) async throws -> Int {
        let desk = NewsDesk()
        desk.publish(first, on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml"), ("wire", "\(feeds.baseURL)/wire.xml")])
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { install.lines().count == 1 }, "stderr: \(daemon.stderr)")
        desk.publish(second, on: "/wire.xml")
        #expect(await eventually { daemon.stderr.contains("feed=wire") && daemon.stderr.contains("new_articles=1") },
                "stderr: \(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        return install.lines().count
    }
}
