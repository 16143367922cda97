import Foundation
import Store
import Testing
import TestSupport

/// A pause belongs to the receiver that asked for it, across what an operator does to a daemon: a restart
/// with the sink pointed at another URL lifts it (the hold in the store names its receiver), as a reload
/// does, on either store; and a reload that could not start the sink in between does not make the daemon
/// forget whose pause it was.
@Suite struct SinkHoldReceiverDaemonTests {
    /// The rate-limited hook on the default file, or on a database of the test process's PostgreSQL server.
    static func rig(_ store: String) async throws -> (RateLimitedHook, receiverOfTheHold: () throws -> String) {
        if store == "file" {
            let rig = try await RateLimitedHook()
            return (rig, {
                try SQLiteStore.existing(path: rig.install.storePath, readOnly: true).sinkHolds(now: Date()).first?.receiver ?? "none"
            })
        }
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("holdreceiver")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let rig = try await RateLimitedHook(store: "'\(url)'")
        return (rig, {
            try postgres.psql("SELECT coalesce(receiver, 'none') FROM sink_hold WHERE until > now()", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    @Test(arguments: ["file", "postgresql"]) func aRestartWithTheSinkPointedAtAnotherURLLiftsThePauseAndOneWithOtherHeadersKeepsIt(
        _ store: String
    ) async throws {
        let (rig, receiverOfTheHold) = try await Self.rig(store)
        defer { Task { await rig.shutdown() } }
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
        // The hold names its receiver by a digest: the URL may be a secret, and is not in the store.
        let mark = try receiverOfTheHold()
        #expect(mark.hasPrefix("sha256:") && mark.count == 71 && !mark.contains("127.0.0.1"), "\(mark)")
        let asked = rig.receiver.requests.count
        func run(until said: String) async throws -> String {
            let restarted = try ChildProcess(arguments: ["run", "--config", rig.install.configPath])
            defer { if restarted.isRunning { restarted.signal(SIGKILL) } }
            #expect(await eventually(timeout: 60) { restarted.stderr.contains("wirewatch ready") && restarted.stderr.contains(said) },
                    "\(restarted.stderr)")
            restarted.signal(SIGTERM)
            #expect(await restarted.wait(timeout: 30) == 0, "\(restarted.stderr)")
            return restarted.stderr
        }

        // Other headers, the same URL: the same receiver asked, and the sink stays paused.
        try rig.rewriteHook(url: "\(rig.hook.baseURL)/hook", lines: "    headers: { X-Team: desk }")
        let sameReceiver = try await run(until: "sink paused")
        #expect(!sameReceiver.contains("sink pause lifted"), "\(sameReceiver)")
        #expect(try receiverOfTheHold() == mark)
        #expect(rig.receiver.requests.count == asked)

        // Another URL: lifted at start, with one line, and every alert goes to the new receiver.
        try rig.rewriteHook(url: "\(rig.elsewhereHook.baseURL)/hook")
        let elsewhere = try ChildProcess(arguments: ["run", "--config", rig.install.configPath])
        defer { if elsewhere.isRunning { elsewhere.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { rig.elsewhere.processed.count == rig.expected }, "\(elsewhere.stderr)")
        let lifted = "sink pause lifted: the sink now points at another receiver than the one that asked it to wait"
        #expect(elsewhere.stderr.components(separatedBy: lifted).count == 2, "\(elsewhere.stderr)")
        #expect(!elsewhere.stderr.contains("sink paused"), "\(elsewhere.stderr)")
        #expect(!(try await rig.deliver(["list"]).stdout.contains("paused")))
        #expect(rig.receiver.requests.count == asked)
        elsewhere.signal(SIGTERM)
        #expect(await elsewhere.wait(timeout: 30) == 0, "\(elsewhere.stderr)")
    }

    /// A reload whose sink cannot start (its URL from a credential file that is not there) leaves it
    /// paused; the next, which points it at another receiver, lifts the pause, saying so once.
    @Test(arguments: ["file", "postgresql"]) func aReloadThatCouldNotStartTheSinkDoesNotKeepThePauseFromTheNextReload(
        _ store: String
    ) async throws {
        let (rig, _) = try await Self.rig(store)
        defer { Task { await rig.shutdown() } }
        let daemon = try await rig.pausedDaemon()
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        let asked = rig.receiver.requests.count

        try rig.rewriteHook(url: "credential:hook-url")
        daemon.signal(SIGHUP)
        #expect(await eventually { daemon.stderr.contains("sink cannot start") }, "\(daemon.stderr)")
        #expect(try await rig.deliver(["list"]).stdout.contains("sink hook paused until "))

        try rig.rewriteHook(url: "\(rig.elsewhereHook.baseURL)/hook")
        daemon.signal(SIGHUP)
        #expect(await eventually(timeout: 60) { rig.elsewhere.processed.count == rig.expected }, "\(daemon.stderr)")
        #expect(daemon.stderr.components(separatedBy: "sink pause lifted: a reload pointed the sink at another receiver").count == 2,
                "\(daemon.stderr)")
        #expect(rig.receiver.requests.count == asked)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
    }
}
