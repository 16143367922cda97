import Foundation
import Testing
import TestSupport

/// Ending a pause before its time, as an operator does: `wirewatch deliver resume` beside a running daemon
/// (on either store) or a stopped one, and a reload that points the paused sink at another receiver.
@Suite struct SinkResumeDaemonTests {
    /// The daemon, paused for an hour, sends every alert within a deadline of the command; the delivery its
    /// receiver answered 429 goes too.
    @Test(arguments: ["file", "postgresql"]) func deliverResumeLiftsARunningDaemonsPauseAtOnce(_ store: String) async throws {
        let rig = try await RateLimitedHook(store: store == "file" ? "var/state.sqlite" : "'\(try PostgresServer.shared().makeDatabase("resume"))'")
        defer { Task { await rig.shutdown() } }
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }

        // A sink the config does not name is one line, as `deliver retry` gives it.
        let unknown = try await rig.deliver(["resume", "--sink", "hoook"])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
        #expect(unknown.stderr == "sink 'hoook' is not in the config (sinks: alert-log, hook)\(store == "file" ? "" : " and is not paused")\n")

        rig.receiver.set(.accept)
        let resumed = try await rig.deliver(["resume", "--sink", "hook", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(json["sink"] as? String == "hook" && json["resumed"] as? Bool == true && json["reason"] as? String == "HTTP 429", "\(json)")
        // The attempts answered 429 (up to the sink's concurrency) wait for the pause's end no more.
        #expect((1...2).contains(json["due"] as? Int ?? 0), "\(json)")
        #expect(await eventually { rig.receiver.processed.count == rig.expected }, "\(daemon.stderr)")
        #expect(await eventually { daemon.stderr.contains("sink pause lifted before its end") }, "\(daemon.stderr)")

        // Nothing left to lift: said, and not an error.
        let again = try await rig.deliver(["resume", "--sink", "hook"])
        #expect(again.status == 0 && again.stdout == "sink hook is not paused\n", "\(again)")
        let againJSON = try await rig.deliver(["resume", "--sink", "hook", "--json"])
        #expect(againJSON.stdout == "{\"resumed\":false,\"sink\":\"hook\"}\n")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
        #expect(rig.receiver.processed.count == rig.expected)
        let help = try await ChildProcess.run(["deliver", "resume", "--help"]).1.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Lift a sink's pause") && help.contains("A sink that is not paused is said so"), "\(help)")
    }

    /// Lifted while no daemon runs: the next start sends at once, and says no pause.
    @Test func deliverResumeWithoutADaemonLetsTheNextStartSendAtOnce() async throws {
        let rig = try await RateLimitedHook()
        defer { Task { await rig.shutdown() } }
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")

        rig.receiver.set(.accept)
        let resumed = try await rig.deliver(["resume", "--sink", "hook"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix("sink hook resumed: its pause until ") && resumed.stdout.contains(" (HTTP 429) is lifted; "),
                "\(resumed.stdout)")
        let listed = try await rig.deliver(["list"])
        #expect(!listed.stdout.contains("paused"), "\(listed.stdout)")

        let restarted = try ChildProcess(arguments: ["run", "--config", rig.install.configPath])
        defer { if restarted.isRunning { restarted.signal(SIGKILL) } }
        #expect(await eventually { rig.receiver.processed.count == rig.expected }, "\(restarted.stderr)")
        restarted.signal(SIGTERM)
        #expect(await restarted.wait(timeout: 30) == 0, "\(restarted.stderr)")
        #expect(!restarted.stderr.contains("sink paused"), "\(restarted.stderr)")
    }

    /// The pause belongs to the receiver that asked for it: a reload that leaves the sink as it is, or edits
    /// only its headers, keeps it; one that points the sink at another URL lifts it, saying so once.
    @Test func aReloadLiftsThePauseOnlyWhenItPointsTheSinkAtAnotherReceiver() async throws {
        let rig = try await RateLimitedHook()
        defer { Task { await rig.shutdown() } }
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        let asked = rig.receiver.requests.count
        func stillPaused() async throws -> Bool { try await rig.deliver(["list"]).stdout.contains("sink hook paused until ") }

        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("reloaded") }, "\(daemon.stderr)")
        #expect(try await stillPaused())

        try rig.rewriteHook(url: "\(rig.hook.baseURL)/hook", lines: "    headers: { X-Team: desk }")
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink restarted with its new settings") }, "\(daemon.stderr)")
        #expect(try await stillPaused())
        #expect(!daemon.stderr.contains("sink pause lifted"), "\(daemon.stderr)")

        try rig.rewriteHook(url: "\(rig.elsewhereHook.baseURL)/hook", lines: "    headers: { X-Team: desk }")
        daemon.signal(SIGHUP)
        #expect(await eventually { rig.elsewhere.processed.count == rig.expected }, "\(daemon.stderr)")
        #expect(daemon.stderr.components(separatedBy: "sink pause lifted: a reload pointed the sink at another receiver").count == 2,
                "\(daemon.stderr)")
        #expect(!(try await stillPaused()))
        #expect(rig.receiver.requests.count == asked)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }
}
