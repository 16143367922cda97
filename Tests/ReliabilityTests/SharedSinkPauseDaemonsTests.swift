import Foundation
import Synchronization
import Testing
import TestSupport

/// Two daemons on one PostgreSQL with the same webhook. When its receiver asks one of them to wait, the
/// other, in the middle of a batch it claimed before, starts about a second's deliveries more at most: it
/// reads the hold again before each delivery it starts, at most once a second (`DeliveryWorker.holdRecheck`),
/// rather than sending the rest of its batch (up to 100) to a receiver that asked for a pause.
@Suite struct SharedSinkPauseDaemonsTests {
    /// The first request is held until `release()`, then answered 429 with Retry-After: 600; every other is
    /// answered 200 after `pace` seconds, so a daemon sending one delivery at a time starts at most one per `pace`.
    final class PacedReceiver: Sendable {
        static let pace: TimeInterval = 0.4
        struct State {
            /// The daemon (its `X-Daemon` header) whose request was answered 429.
            var asked: String?
            var released = false
            /// The daemon of each request after the first, in the order they came.
            var after: [String] = []
        }
        let state = Mutex(State())
        var asked: String? { state.withLock { $0.asked } }
        var after: [String] { state.withLock { $0.after } }
        func release() { state.withLock { $0.released = true } }

        func respond(_ r: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
            state.withLock { s in
                let daemon = r.header("X-Daemon") ?? "?"
                guard s.asked != nil else {
                    s.asked = daemon
                    var held = LoopbackHTTPServer.Response(status: 429, headers: [("Retry-After", "600")], text: "slow down")
                    held.heldUntil = { [self] in state.withLock { $0.released } }
                    return held
                }
                s.after.append(daemon)
                var paced = LoopbackHTTPServer.Response(text: "ok")
                paced.delay = Self.pace
                return paced
            }
        }
    }

    @Test func theOtherDaemonStopsItsBatchWithinAboutASecondOfThePauseBeingSaved() async throws {
        let postgres = try PostgresServer.shared()
        let url = try postgres.makeDatabase("holdrecheck")
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        // One alert first, for one daemon to send and be answered 429; then, once that request waits, forty
        // at once (one feed's poll, one commit), which the other daemon claims as one batch.
        let desk = NewsDesk()
        let first = WireService(desk: desk, paths: ["/first.xml"]), later = WireService(desk: desk, paths: ["/staged.xml"])
        var random = SeededRandom(seed: 29)
        var index = 0
        while first.matching.count < 1 { first.publish(index, random: &random); index += 1 }
        while later.matching.count < 40 { later.publish(index, random: &random); index += 1 }
        let opened = Mutex(false)
        let feeds = try await LoopbackHTTPServer { r in
            guard r.path == "/later.xml" else { return desk.respond(r) }
            var staged = r
            staged.path = opened.withLock { $0 } ? "/staged.xml" : "/nothing-yet.xml"
            return desk.respond(staged)
        }
        defer { Task { await feeds.shutdown() } }
        let receiver = PacedReceiver()
        let hook = try await LoopbackHTTPServer { receiver.respond($0) }
        defer { Task { await hook.shutdown() } }
        func install(_ name: String) throws -> DaemonInstall {
            try DaemonInstall(feeds: [("first", feeds.baseURL + "/first.xml"), ("later", feeds.baseURL + "/later.xml")], extraSinks: """
                  - id: hook
                    type: webhook
                    url: \(hook.baseURL)/hook
                    headers: { X-Daemon: \(name) }
                    concurrency: 1
                    timeout: 120s
                """, rules: WireService.rule, interval: "1s", store: "'\(url)'")
        }
        let a = try ChildProcess(arguments: ["run", "--config", try install("a").configPath])
        defer { if a.isRunning { a.signal(SIGKILL) } }
        let b = try ChildProcess(arguments: ["run", "--config", try install("b").configPath])
        defer { if b.isRunning { b.signal(SIGKILL) } }
        let stderr = { "a:\n\(a.stderr)\nb:\n\(b.stderr)" }

        #expect(await eventually(timeout: 60) { receiver.asked != nil }, "\(stderr())")
        let asked = try #require(receiver.asked)
        let other = asked == "a" ? b : a
        opened.withLock { $0 = true }
        #expect(await eventually(timeout: 60) { receiver.after.count >= 2 }, "\(stderr())")
        receiver.release()
        // The hold is saved once the 429 is read; from then on the other daemon starts a second's deliveries at most.
        #expect(await eventually(timeout: 60) {
            (try? postgres.psql("SELECT count(*) FROM sink_hold WHERE until > now()", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines)) == "1"
        }, "\(stderr())")
        let whenSaved = receiver.after.count
        #expect(await eventually(timeout: 60) { other.stderr.contains("sink paused") }, "\(stderr())")
        let sent = receiver.after
        #expect(!sent.contains(asked), "\(sent)")
        // One in flight, and those started before its next look (one each `pace`, a look each second).
        #expect(sent.count - whenSaved <= 4, "\(sent.count - whenSaved) deliveries started after the pause was saved; \(stderr())")
        #expect(sent.count < 40)
        for daemon in [a, b] {
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 30) == 0, "\(daemon.stderr)")
        }
    }
}
