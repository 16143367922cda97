import Delivery
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// An operator rotates a token by editing its credential file and sending SIGHUP:
/// `wirewatch run` as a child process, its credentials in `$CREDENTIALS_DIRECTORY`.
@Suite struct SecretRotationTests {
    static let firstToken = "Bearer first-7f3a9c", secondToken = "Bearer second-b41e02"

    static func credentials(_ files: [String: String]) throws -> URL {
        let dir = try makeTemporaryDirectory("credentials")
        for (name, value) in files { try value.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func aSinkWhoseCredentialFileWasEditedSendsTheNewSecretAfterAReload() async throws {
        let desk = NewsDesk()
        desk.publish(SinkReloadTests.stories[0], on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        let receiver = WebhookReceiver(.accept)
        let hook = try await receiver.start()
        defer { Task { await feeds.shutdown(); await hook.shutdown() } }
        let credentials = try Self.credentials(["hook-token": Self.firstToken + "\n"])
        let sink = "  - id: hook\n    type: webhook\n    url: \(hook.baseURL)/hook\n    headers: { Authorization: credential:hook-token }\n"
            + "    retry: { initial: 1s, max: 1s }\n"
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")], extraSinks: sink)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath],
                                      environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { receiver.processed.count == 1 }, "stderr: \(daemon.stderr)")
        #expect(receiver.requests.map { $0.header("Authorization") } == [Self.firstToken])

        // Nothing changed: the sink keeps running, its worker not retired.
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.components(separatedBy: "reloaded").count == 2 }, "stderr: \(daemon.stderr)")

        try (Self.secondToken + "\n").write(to: credentials.appendingPathComponent("hook-token"), atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink restarted with its new secrets") }, "stderr: \(daemon.stderr)")
        #expect(daemon.stderr.components(separatedBy: "sink retiring").count == 2, "stderr: \(daemon.stderr)")
        desk.publish(SinkReloadTests.stories[1], on: "/world.xml")
        #expect(await eventually { receiver.processed.count == 2 }, "stderr: \(daemon.stderr)")
        #expect(receiver.requests.map { $0.header("Authorization") } == [Self.firstToken, Self.secondToken])

        // A credential that cannot be read now leaves the running sink on the secrets it read before.
        try FileManager.default.removeItem(at: credentials.appendingPathComponent("hook-token"))
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("keeps the secrets it read before") }, "stderr: \(daemon.stderr)")
        desk.publish(SinkReloadTests.stories[2], on: "/world.xml")
        #expect(await eventually { receiver.processed.count == 3 }, "stderr: \(daemon.stderr)")
        #expect(receiver.requests.last?.header("Authorization") == Self.secondToken)
        for token in [Self.firstToken, Self.secondToken] {
            #expect(!daemon.stderr.contains(token.dropFirst(7)), "a secret reached the log")
        }
    }

    /// Feeds read their secrets at each poll: the edited file is sent from the next poll on, reload or not.
    @Test func aFeedWhoseCredentialFileWasEditedSendsTheNewHeaderFromItsNextPoll() async throws {
        let desk = NewsDesk()
        desk.publish(SinkReloadTests.stories[0], on: "/world.xml")
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await feeds.shutdown() } }
        let credentials = try Self.credentials(["feed-token": Self.firstToken])
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")])
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "interval: 1s", with: "interval: 1s\n    headers: { Authorization: credential:feed-token }")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath],
                                      environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        defer { daemon.signal(SIGKILL) }
        func sent() -> [String?] { feeds.requests.filter { $0.path == "/world.xml" }.map { $0.header("Authorization") } }
        #expect(await eventually { sent().first == Self.firstToken }, "stderr: \(daemon.stderr)")

        try Self.secondToken.write(to: credentials.appendingPathComponent("feed-token"), atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await eventually { sent().last == Self.secondToken }, "stderr: \(daemon.stderr)")
        #expect(!daemon.stderr.contains("first-7f3a9c") && !daemon.stderr.contains("second-b41e02"), "a secret reached the log")
    }
}
