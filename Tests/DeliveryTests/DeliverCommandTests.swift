import Foundation
import Testing
import TestSupport

/// `wirewatch deliver` reads the daemon's store; it never makes one.
@Suite struct DeliverCommandTests {
    @Test func theOutboxOfAStoreThatDoesNotExistIsAnErrorNotANewStore() async throws {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        for arguments in [["deliver", "list"], ["deliver", "list", "--json"], ["deliver", "retry", "--all"],
                          ["deliver", "resume", "--sink", "alert-log"], ["rules", "backtest"]] {
            let (status, stdout, stderr) = try await ChildProcess.run(arguments + ["--config", install.configPath])
            #expect(status == 1, "\(arguments)")
            #expect(stdout.isEmpty)
            #expect(stderr == "\(install.storePath): no store there yet; 'wirewatch run' creates it when it first starts\n")
        }
        #expect(!FileManager.default.fileExists(atPath: install.storePath))
    }

    /// `deliver dead-letter --json` prints the count given up, as `deliver retry --json` does the count
    /// queued (trial2 finding 4: it had no --json, though every command but `run` and `opml export` has).
    @Test func deadLetterSaysWhatItGaveUpAsJSON() async throws {
        let desk = NewsDesk()
        desk.publish(.init(guid: "d1", title: "DeepSeek distilled", body: "Analysts say DeepSeek distilled rival models from American labs."),
                     on: "/world.xml")
        desk.publish(.init(guid: "d2", title: "Harbour authority widens dredging", body: "The harbour authority said on Tuesday that "
                           + "DeepSeek, the Chinese start-up, distilled nothing of its tide tables, which it publishes freely."), on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        // The receiver fails: its deliveries wait an hour for their retry, pending.
        let receiver = WebhookReceiver(.fail(503))
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let hookLines = """
              - id: hook
                type: webhook
                url: \(hook.baseURL)/hook
                retry: { initial: 1h, max: 1h }
            """
        let install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: hookLines, interval: "1h")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { !install.lines().isEmpty && receiver.requests.count >= install.lines().count },
                "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0, "\(daemon.stderr)")
        let alerts = install.lines().count

        // The sink is taken out of the config; before a daemon starts on it again, its deliveries are given up.
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: hookLines, with: "").write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["deliver", "dead-letter", "--sink", "hook", "--json", "--config", install.configPath])
        #expect(status == 0 && err.isEmpty, "\(err)")
        #expect(out == "{\"deadLettered\":\(alerts),\"sink\":\"hook\"}\n", "\(out)")
        let (_, again, _) = try await ChildProcess.run(["deliver", "dead-letter", "--sink", "hook", "--json", "--config", install.configPath])
        #expect(again == "{\"deadLettered\":0,\"sink\":\"hook\"}\n", "\(again)")
        // A sink the outbox has never seen is a typo, said with the sinks it has (exploratory finding of stop 33).
        let (typo, _, why) = try await ChildProcess.run(["deliver", "dead-letter", "--sink", "hoook", "--config", install.configPath])
        #expect(typo == 1 && why == "sink 'hoook' has no deliveries in the store; the outbox has deliveries of 'alert-log', 'hook'\n", "\(why)")
        // Queued again with no daemon running: said that they wait for one.
        let (queuedStatus, queued, note) = try await ChildProcess.run(["deliver", "retry", "--all", "--sink", "alert-log", "--config", install.configPath])
        #expect(queuedStatus == 0 && queued == "queued 0 deliveries again\n" && note.isEmpty, "\(queued)\(note)")
        let (_, list, _) = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any], "\(list)")
        #expect(summary["dead"] as? Int == alerts && summary["pending"] as? Int == 0, "\(summary)")
    }
}
