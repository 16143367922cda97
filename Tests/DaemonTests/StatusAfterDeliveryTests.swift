import Foundation
import Testing
import TestSupport
import WirewatchCore

/// systemd's STATUS= line follows deliveries, not only polls: after a poll it says the deliveries
/// pending, and when they have gone out it says so, with no poll in between (trial2 finding 28: "3
/// deliveries pending" stayed until some later poll changed something). A burst of deliveries sends
/// a few lines, not one a delivery.
@Suite struct StatusAfterDeliveryTests {
    static let rules = """
        rules:
          - id: distillation
            query: 'DeepSeek AND distil*'
            throttle: { per: article }
        """

    /// A feed of `count` matching stories, and an install that polls it hourly and delivers to the log and to a
    /// webhook `hook` at `url` (with `hookOptions`); the config without the webhook too. The caller shuts the server.
    static func install(stories count: Int, hook url: String, hookOptions: String = "") async throws
        -> (server: LoopbackHTTPServer, install: TestInstall, withoutHook: String) {
        let site = DemoSite((1...count).map {
            DemoSite.Item(guid: "d\($0)", title: "DeepSeek story \($0)", body: "Report \($0): OpenAI says DeepSeek distilled its models.")
        })
        let server = try await LoopbackHTTPServer { site.respond($0) }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", interval: "1h", rules: Self.rules)
        let withoutHook = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try #require(withoutHook.hasSuffix("path: var/alerts.jsonl"), "the sinks list ends the config")
        try (withoutHook + "\n  - id: hook\n    type: webhook\n    url: \(url)\n" + hookOptions)
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        return (server, install, withoutHook)
    }

    /// The daemon run on `install` under a notify socket of its own, as systemd runs it; the caller closes and kills.
    static func start(_ install: TestInstall) throws -> (NotifySocket, ChildProcess) {
        let notify = try NotifySocket(directory: install.dir)
        return (notify, try ChildProcess(arguments: ["run", "--config", install.configPath], environment: ["NOTIFY_SOCKET": notify.path]))
    }

    @Test func theStatusLineSaysWhenPendingDeliveriesHaveGoneOut() async throws {
        let receiver = WebhookReceiver(.holdUntilReleased)
        let hook = try await receiver.start()
        defer { Task { await hook.shutdown() } }
        let count = 30
        // One poll, then none for an hour: only deliveries can change the line after it.
        let (server, install, _) = try await Self.install(stories: count, hook: "\(hook.baseURL)/hook")
        defer { Task { await server.shutdown() } }
        let (notify, daemon) = try Self.start(install)
        defer { notify.close() }
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        func statuses() -> [String] { notify.lines(of: "STATUS") }
        // After the poll: its alerts, and the webhook's deliveries held by the receiver.
        #expect(await eventually(timeout: 60) { statuses().contains { $0.contains("\(count) alerts since start") } }, "\(daemon.stderr)")
        let afterPoll = try #require(statuses().first { $0.contains("\(count) alerts since start") })
        #expect(!afterPoll.hasSuffix(" 0 deliveries pending"), "\(afterPoll)")
        #expect(await eventually { !receiver.requests.isEmpty }, "\(daemon.stderr)")

        receiver.release()
        #expect(await eventually(timeout: 60) { statuses().last?.hasSuffix("\(count) alerts since start, 0 deliveries pending") == true },
                "\(statuses()) \(daemon.stderr)")
        #expect(install.alertLines().count == count)
        // 60 deliveries (30 to the log, 30 to the hook): a handful of lines, not one each.
        #expect(statuses().count < count, "\(statuses())")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }

    /// The line a reload sends with READY=1 is the one later lines are compared with: a webhook taken out
    /// (its deliveries dead-lettered: "0 pending"), put back, and its dead letters queued again by
    /// `deliver retry` from the command line, the attempts that fail again say "7 pending", though the line
    /// before the reloads said it too (review of follow, 2: systemd kept "0 deliveries pending").
    @Test func afterReloadsTheLineSaysDeliveriesQueuedAgainFromTheCommandLine() async throws {
        let hook = try await LoopbackHTTPServer { _ in .init(status: 500, text: "down") }
        defer { Task { await hook.shutdown() } }
        let count = 7
        let (server, install, withoutHook) = try await Self.install(stories: count, hook: "\(hook.baseURL)/hook", hookOptions: "    retry: { initial: 1h }\n")
        defer { Task { await server.shutdown() } }
        let withHook = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let (notify, daemon) = try Self.start(install)
        defer { notify.close() }
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        func statuses() -> [String] { notify.lines(of: "STATUS") }
        func readies() -> Int { notify.messages(with: "READY=1").count }
        let failing = "\(count) alerts since start, \(count) deliveries pending"
        #expect(await eventually(timeout: 60) { statuses().last?.hasSuffix(failing) == true }, "\(statuses()) \(daemon.stderr)")

        for config in [withoutHook, withHook] {
            let before = readies()
            try config.write(toFile: install.configPath, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually { readies() > before }, "\(daemon.stderr)")
        }
        #expect(await eventually { statuses().last?.hasSuffix(" 0 deliveries pending") == true }, "\(statuses()) \(daemon.stderr)")
        let (status, _, stderr) = try await ChildProcess.run(["deliver", "retry", "--all", "--sink", "hook", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(await eventually(timeout: 60) { statuses().last?.hasSuffix(failing) == true }, "\(statuses()) \(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }
}
