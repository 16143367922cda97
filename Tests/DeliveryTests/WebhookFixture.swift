import Delivery
import Fetching
import Foundation
import Logging
import Store
import Synchronization
import TestSupport
import WirewatchCore

/// What a webhook worker test stands on: receivers on 127.0.0.1, the real fetcher, a real SQLite outbox
/// and a manual clock. The fixture owns them: `run` shuts down every server it started and the
/// fetcher once the test is over, however it ends.
final class WebhookFixture: Sendable {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    let clock = ManualClock()
    /// The outbox's file, for a second store on it (a restart, another process).
    let storePath: String
    let store: SQLiteStore
    let fetcher = Fetcher()
    private let servers = Mutex<[LoopbackHTTPServer]>([])

    private init() throws {
        storePath = try makeTemporaryDirectory("webhook").appendingPathComponent("state.sqlite").path
        store = try SQLiteStore(path: storePath)
    }

    /// `test` on a new fixture, then its shutdowns.
    static func run(_ test: (WebhookFixture) async throws -> Void) async throws {
        let fixture = try WebhookFixture()
        do { try await test(fixture) } catch {
            await fixture.shutdown()
            throw error
        }
        await fixture.shutdown()
    }

    /// `receiver` listening on a port of its own (or `port`), until the fixture shuts down.
    func start(_ receiver: WebhookReceiver, port: Int = 0) async throws -> LoopbackHTTPServer {
        try await serve(port: port) { receiver.respond($0) }
    }

    /// A server that answers with `handler`, until the fixture shuts down.
    func serve(port: Int = 0, _ handler: @escaping LoopbackHTTPServer.Handler) async throws -> LoopbackHTTPServer {
        let server = try await LoopbackHTTPServer(port: port, handler: handler)
        servers.withLock { $0.append(server) }
        return server
    }

    /// A webhook sink posting to `server`'s `/hook` through the fixture's fetcher.
    func sink(_ server: LoopbackHTTPServer, id: String = "hook", timeout: TimeInterval = 15) -> WebhookSink {
        sink(url: "\(server.baseURL)/hook", id: id, timeout: timeout)
    }

    func sink(url: String, id: String = "hook", timeout: TimeInterval = 15) -> WebhookSink {
        WebhookSink(id: id, options: .init(url: .value(url), timeout: timeout), fetcher: fetcher, clock: clock)
    }

    /// `sink`'s worker on the fixture's store and clock (or `store`, `clock`).
    func worker(_ sink: any AlertSink, store: (any WirewatchStore)? = nil, clock: (any WirewatchClock)? = nil,
                policy: RetryPolicy = RetryPolicy(base: 1, cap: 60, maxAge: 86400), concurrency: Int = 1, digest: TimeInterval? = nil,
                logger: Logger = WebhookFixture.quiet) -> DeliveryWorker {
        DeliveryWorker(sink: sink, store: store ?? self.store, policy: policy, clock: clock ?? self.clock, doorbell: Doorbell(),
                       logger: logger, options: .init(concurrency: concurrency, digest: digest))
    }

    /// Commits `records` as alerts bound for `sinks`, queued now by the fixture's clock.
    func enqueue(_ records: [AlertRecord], sinks: [String] = ["hook"]) throws {
        try OutboxFixture.enqueue(records, sinks: sinks, into: store, now: clock.now())
    }

    private func shutdown() async {
        for server in servers.withLock({ $0 }) { await server.shutdown() }
        fetcher.shutdown()
    }
}
