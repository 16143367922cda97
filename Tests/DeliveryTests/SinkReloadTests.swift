import Delivery
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// Sinks follow the config on SIGHUP: `wirewatch run` as a child process, a
/// webhook sink added, pointed elsewhere and taken out by reloads.
@Suite struct SinkReloadTests {
    /// Four reports that the distillation rule matches and that are not one story.
    static let stories = [
        ("OpenAI says DeepSeek distilled its models",
         "OpenAI said on Wednesday that it had seen evidence that DeepSeek used distillation to train its own models."),
        ("Microsoft looks into DeepSeek data access",
         "Security researchers at Microsoft observed large volumes of data leaving developer accounts, which may point to distillation by DeepSeek."),
        ("Sacks: substantial evidence of DeepSeek distillation",
         "White House adviser David Sacks told Fox News there was substantial evidence that DeepSeek distilled knowledge out of American models."),
        ("Navy bans DeepSeek app over distillation worries",
         "The US Navy told its sailors in an email not to use the DeepSeek app, citing security and ethical concerns about distilled models."),
    ].enumerated().map { NewsDesk.Story(guid: "s\($0.offset)", title: $0.element.0, body: $0.element.1) }

    static func hookSink(_ url: String) -> String {
        "  - id: hook\n    type: webhook\n    url: \(url)\n    retry: { initial: 1s, max: 1s }\n"
    }

    @Test func aReloadStartsAnAddedSinkRestartsAnEditedOneAndStopsARemovedOne() async throws {
        let desk = NewsDesk()
        desk.publish(Self.stories[0], on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        let first = WebhookReceiver(.accept), second = WebhookReceiver(.accept)
        let (firstHook, secondHook) = (try await first.start(), try await second.start())
        defer { Task { await feeds.shutdown(); await firstHook.shutdown(); await secondHook.shutdown() } }
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")])
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { install.lines().count == 1 }, "stderr: \(daemon.stderr)")
        func alertID(_ line: Int) throws -> String {
            // Required, not indexed: a line missing under load must fail this test, not crash the test process.
            let lines = install.lines()
            try #require(line < lines.count, "\(lines.count) lines")
            return try AlertRecord.decode(line: Data(lines[line].utf8)).id
        }

        // Added: the next alert goes to it without a restart.
        try (config + Self.hookSink("\(firstHook.baseURL)/hook")).write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink started") }, "stderr: \(daemon.stderr)")
        let added = try #require(daemon.stderr.split(separator: "\n").first { $0.contains("sinks changed") })
        #expect(added.contains("sinks_added=hook") && !daemon.stderr.contains("next restart"), "\(added)")
        desk.publish(Self.stories[1], on: "/world.xml")
        #expect(await eventually { install.lines().count == 2 && first.processed == [try? alertID(1)] }, "stderr: \(daemon.stderr)")

        // Edited: its next delivery goes to the new URL, and only there.
        try (config + Self.hookSink("\(secondHook.baseURL)/hook")).write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink restarted with its new settings") }, "stderr: \(daemon.stderr)")
        desk.publish(Self.stories[2], on: "/world.xml")
        #expect(await eventually { install.lines().count == 3 && second.processed == [try? alertID(2)] }, "stderr: \(daemon.stderr)")
        #expect(first.requests.count == 1)

        // Removed while failing: it stops, and what it had pending is dead-lettered with the reason.
        second.set(.fail(500))
        desk.publish(Self.stories[3], on: "/world.xml")
        #expect(await eventually { second.requests.count >= 3 }, "stderr: \(daemon.stderr)")
        try config.write(toFile: install.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("deliveries to a sink no longer in the config dead-lettered") },
                "stderr: \(daemon.stderr)")
        #expect(daemon.stderr.contains("sink stopped") && daemon.stderr.contains("sink=hook"), "\(daemon.stderr)")
        try await DaemonDeliveryTests.expectOnlyDeadLetterIsForTheRemovedHook(install)
        let tried = second.requests.count
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        #expect(second.requests.count == tried)
        #expect(second.processed.count == 1 && first.processed.count == 1)
    }
}
