import Foundation
import Testing
import TestSupport

/// A daemon's install whose webhook `hook` is rate-limited: its receiver answers 429 with `Retry-After: 3600`,
/// so the daemon pauses the sink for an hour once the alerts of a dozen published stories reach it. The
/// feeds and the receivers are served from 127.0.0.1 until `shutdown()`.
final class RateLimitedHook: Sendable {
    let desk: NewsDesk
    let feeds: LoopbackHTTPServer
    let receiver: WebhookReceiver
    let hook: LoopbackHTTPServer
    /// Another receiver, for a reload that points the sink elsewhere.
    let elsewhere: WebhookReceiver
    let elsewhereHook: LoopbackHTTPServer
    let install: DaemonInstall
    /// How many alerts the stories raise.
    let expected: Int

    /// `store`: the value of the config's `store:` (a PostgreSQL URL, quoted), or the default file.
    init(store: String = "var/state.sqlite") async throws {
        let desk = NewsDesk(), receiver = WebhookReceiver(.fail(429, retryAfter: "3600")), elsewhere = WebhookReceiver()
        self.desk = desk
        self.receiver = receiver
        self.elsewhere = elsewhere
        let feeds = try await LoopbackHTTPServer { desk.respond($0) }
        self.feeds = feeds
        let hook = try await receiver.start()
        self.hook = hook
        elsewhereHook = try await elsewhere.start()
        let wire = WireService(desk: desk, paths: ["/world.xml"])
        var random = SeededRandom(seed: 11)
        for i in 0..<12 { wire.publish(i, random: &random) }
        let expected = wire.matching.count
        self.expected = expected
        install = try DaemonInstall(feeds: [("world", feeds.baseURL + "/world.xml")], extraSinks: RateLimitedHook.sink(url: "\(hook.baseURL)/hook"),
                                    rules: WireService.rule, interval: "1h", extraConfig: "admin: { listen: '127.0.0.1:0' }", store: store)
        try #require(expected > 4)
    }

    /// The webhook's lines of the config, with extra `lines` (indented as its keys).
    static func sink(url: String, lines: String = "") -> String {
        """
          - id: hook
            type: webhook
            url: \(url)
            concurrency: 2
            retry: { initial: 1s, max: 2s }
        \(lines)
        """
    }

    /// Rewrites the config with the webhook as `sink` gives it (a reload reads it on SIGHUP).
    func rewriteHook(url: String, lines: String = "") throws {
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let start = try #require(config.range(of: "  - id: hook\n"))
        try (String(config[..<start.lowerBound]) + Self.sink(url: url, lines: lines) + "\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
    }

    /// `wirewatch run` on the install, once it has paused the hook (and the alert log has every alert).
    /// Waits minutes, not seconds: at load 42 (make test beside other builds) a daemon on PostgreSQL, ready, had not
    /// finished its first poll 30 s later.
    func pausedDaemon() async throws -> ChildProcess {
        // Credentials as systemd gives them, none there: a sink reloaded onto `credential:NAME` cannot start.
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath],
                                      environment: ["CREDENTIALS_DIRECTORY": try makeTemporaryDirectory("credentials").path])
        #expect(await eventually(timeout: 120) { AlertLogLines(path: install.alertLog).records.count == expected }, "\(daemon.stderr)")
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("sink paused") }, "\(daemon.stderr)")
        return daemon
    }

    /// `wirewatch deliver ARGUMENTS` on the install.
    func deliver(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(["deliver"] + arguments + ["--config", install.configPath])
    }

    func shutdown() async {
        await feeds.shutdown()
        await hook.shutdown()
        await elsewhereHook.shutdown()
    }
}
