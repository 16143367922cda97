import Foundation
import Testing
import TestSupport

/// A feed's secret that cannot be read (its `env:` variable unset): `check`, which the unit runs before every
/// start, said OK, and the feed then failed every poll until a restart, since a running daemon's environment
/// cannot change (trial2 finding 14). It is judged as a sink's is: refused by `check` under systemd, by `run`
/// and by a reload that adds it; noted by a `check` run by hand.
@Suite struct FeedSecretDaemonTests {
    @Test func checkAndRunRefuseAFeedsUnsetSecretWhereItIsWritten() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "    interval: 1s\n",
                                      with: "    interval: 1s\n    auth:\n      user: alice\n      password: env:WIREWATCH_TEST_UNSET_FEED_PW\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let line = try #require(try String(contentsOfFile: install.configPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("password: env:WIREWATCH_TEST_UNSET_FEED_PW") }) + 1
        let said = "\(install.configPath):\(line):17: feed 'test-desk': env:WIREWATCH_TEST_UNSET_FEED_PW: the environment variable "
            + "WIREWATCH_TEST_UNSET_FEED_PW is not set; the daemon does not start without it\n"

        let (checked, out, why) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["INVOCATION_ID": "unit"])
        #expect(checked == 1 && out.isEmpty && why == said, "\(out)\(why)")
        let (noted, fine, note) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["INVOCATION_ID": ""])
        #expect(noted == 0 && fine.contains(": OK") && note == said.dropLast() + " (not here: fine if the daemon's unit provides it)\n", "\(fine)\(note)")
        let (ran, _, reason) = try await ChildProcess.run(["run", "--config", install.configPath])
        #expect(ran == 1 && reason.hasSuffix(said), "\(reason)")
        let (ok, passed, _) = try await ChildProcess.run(["check", "--config", install.configPath],
                                                         environment: ["INVOCATION_ID": "unit", "WIREWATCH_TEST_UNSET_FEED_PW": "pw"])
        #expect(ok == 0 && passed.contains(": OK"), "\(passed)")
    }

    @Test func aReloadAddingAFeedWithAnUnsetVariableIsRefused() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let daemon = running.daemon
        let text = try String(contentsOfFile: running.install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "sinks:\n", with: "  - id: members\n    url: http://127.0.0.1:9/members.xml\n"
                                      + "    headers: { X-Api-Key: env:WIREWATCH_TEST_UNSET_FEED_KEY }\nsinks:\n")
            .write(toFile: running.install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("set it for the daemon and restart it") }, "stderr: \(daemon.stderr)")
        let lines = daemon.stderr.split(separator: "\n")
        let rejected = try #require(lines.firstIndex { $0.contains("reload rejected") })
        let reason = lines[(rejected + 1)...].first { $0.contains("feed 'members':") }
        #expect(reason?.hasSuffix(":10:27: feed 'members': env:WIREWATCH_TEST_UNSET_FEED_KEY: the environment variable "
            + "WIREWATCH_TEST_UNSET_FEED_KEY is not set; a running daemon's environment does not change: set it for the daemon and restart it") == true,
            "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("added_ids=members"), "\(daemon.stderr)")
    }

    /// A feed url's variable was only asked whether it is set: `check` under systemd and `run` took one holding
    /// `news.example/feed.xml?token=…`, and the feed failed every poll until a restart (review-configside finding 2).
    /// `ENV:NAME`, polled as the secret `env:NAME`, was not asked even that (finding 3). An upper-case scheme in the
    /// value is taken, as it is written in the config.
    @Test func checkAndRunJudgeWhatAFeedURLVariableHoldsWhereTheURLIsWritten() async throws {
        let token = "sekrit-token-5d0e"
        for written in ["env:WIREWATCH_TEST_FEED_URL", "ENV:WIREWATCH_TEST_FEED_URL"] {
            let install = try TestInstall(feedURL: written)
            let unit = ["INVOCATION_ID": "unit"]
            let at = "\(install.configPath):6:10: feed 'test-desk': env:WIREWATCH_TEST_FEED_URL: "
            let (unset, _, why) = try await ChildProcess.run(["check", "--config", install.configPath], environment: unit)
            #expect(unset == 1 && why == at + "the environment variable WIREWATCH_TEST_FEED_URL is not set; the daemon does not start without it\n",
                    "\(written): \(why)")
            let shapeless = unit.merging(["WIREWATCH_TEST_FEED_URL": "news.example/feed.xml?token=\(token)"]) { $1 }
            let said = at + "holds no http:// or https:// URL with a host, as a feed's url must be; the daemon does not start with it\n"
            let (checked, _, refusal) = try await ChildProcess.run(["check", "--config", install.configPath], environment: shapeless)
            #expect(checked == 1 && refusal == said, "\(written): \(refusal)")
            // By hand too: the value in the shell is the one checked, not one the unit may provide (review of configmend, 8).
            let byHand = ["WIREWATCH_TEST_FEED_URL": "news.example/feed.xml?token=\(token)"]
            let (checkedByHand, _, refusalByHand) = try await ChildProcess.run(["check", "--config", install.configPath], environment: byHand)
            #expect(checkedByHand == 1 && refusalByHand == said, "\(written): \(refusalByHand)")
            let (ran, _, reason) = try await ChildProcess.run(["run", "--config", install.configPath], environment: shapeless)
            #expect(ran == 1 && reason.hasSuffix(said) && !reason.contains(token), "\(written): \(reason)")
            let shouted = unit.merging(["WIREWATCH_TEST_FEED_URL": "HTTP://127.0.0.1:9/feed.xml?token=\(token)"]) { $1 }
            let (taken, fine, note) = try await ChildProcess.run(["check", "--config", install.configPath], environment: shouted)
            #expect(taken == 0 && fine.contains(": OK"), "\(written): \(fine)\(note)")
        }
    }

    /// A feed whose url is a secret: polled with the URL the variable holds, shown everywhere by its reference.
    /// Its entries' links are relative, as a changelog's are: `#v1` resolved against the URL as fetched took its
    /// `?token=` into the article URL, which alerts and webhooks carry (review-configside finding 1).
    @Test func aSecretFeedURLShowsNowhere() async throws {
        let token = "sekrit-token-91c2"
        let items = [("m1", "#v1", "DeepSeek used knowledge distillation, the lab said."),
                     ("m2", "item/1", "Export controls on chips bound for China were tightened on Tuesday.")]
            .map { "<item><guid>\($0.0)</guid><title>Members \($0.0)</title><link>\($0.1)</link><description>\($0.2)</description></item>" }
        let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Members</title>\(items.joined())</channel></rss>"
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: xml) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "env:WIREWATCH_TEST_MEMBERS_URL")
        let environment = ["WIREWATCH_TEST_MEMBERS_URL": "\(server.baseURL)/feed.xml?token=\(token)"]
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: environment)
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 120) { install.alertLines().count >= 2 }, "stderr: \(daemon.stderr)")
        #expect(server.requests.contains { $0.path == "/feed.xml?token=\(token)" })
        // Each link resolved against the URL without its query: where the article is, and no token.
        let alerts = install.alertLines().joined(separator: "\n")
        #expect(alerts.contains("\"url\":\"\(server.baseURL)/feed.xml#v1\"") && alerts.contains("\"url\":\"\(server.baseURL)/item/1\""), "\(alerts)")
        #expect(!alerts.contains(token), "\(alerts)")

        let (listed, feeds, _) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(listed == 0 && feeds.contains("env:WIREWATCH_TEST_MEMBERS_URL") && !feeds.contains(token), "\(feeds)")
        let (exported, opml, _) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(exported == 0 && opml.contains("env:WIREWATCH_TEST_MEMBERS_URL") && !opml.contains(token), "\(opml)")
        let (checked, said, noted) = try await ChildProcess.run(["check", "--config", install.configPath], environment: environment)
        #expect(checked == 0 && !(said + noted).contains(token), "\(said)\(noted)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0)
        #expect(!daemon.stderr.contains(token) && !install.alertLines().joined().contains(token), "\(daemon.stderr)")
    }
}
