import Foundation
import Testing
import TestSupport

/// A poll in flight while a reload removes a sink: the poll began with the old
/// config, so its alerts queue deliveries for the removed sink. They are
/// dead-lettered once the poll is done, not left pending until the next reload
/// or restart.
@Suite struct InFlightPollReloadTests {
    @Test func deliveriesAPollInFlightQueuesForASinkTheReloadRemovedAreDeadLettered() async throws {
        let desk = NewsDesk()
        desk.publish(SinkReloadTests.stories[0], on: "/world.xml")
        let reload = ReloadDuringPoll()
        let feeds = try await LoopbackHTTPServer { request in
            var response = desk.respond(request)
            response.heldUntil = { reload.isDone }
            return response
        }
        let receiver = WebhookReceiver(.accept)
        let hook = try await receiver.start()
        defer { Task { await feeds.shutdown(); await hook.shutdown() } }
        let install = try DaemonInstall(feeds: [("world", "\(feeds.baseURL)/world.xml")])
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try (config + SinkReloadTests.hookSink("\(hook.baseURL)/hook")).write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        // The poll in flight is held until the reload (without the hook) has stopped the hook's sink.
        reload.attach(daemon, writing: config, to: install.configPath) {
            daemon.stderr.contains("sink stopped: it is no longer in the config")
        }

        // The alert is in the log; its delivery to the hook is dead-lettered without another reload.
        #expect(await eventually { install.lines().count == 1 }, "stderr: \(daemon.stderr)")
        var json = ""
        let settled = try await eventually {
            json = try await ChildProcess.run(["deliver", "list", "--json", "--config", install.configPath]).1
            let summary = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return summary?["dead"] as? Int == 1
        }
        #expect(settled, "\(json)\nstderr: \(daemon.stderr)")
        try await DaemonDeliveryTests.expectOnlyDeadLetterIsForTheRemovedHook(install)
        #expect(daemon.stderr.contains("deliveries to a sink no longer in the config dead-lettered"), "stderr: \(daemon.stderr)")
        #expect(receiver.requests.isEmpty)
    }
}
