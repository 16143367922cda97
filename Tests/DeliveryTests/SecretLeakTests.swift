import Delivery
import Fetching
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
import WirewatchCore

/// Collects every log line a worker writes, metadata included (as sorted `key=value` pairs), with its level.
final class LogCapture: LogHandler, Sendable {
    let lines = Mutex<[(level: Logger.Level, line: String)]>([])
    var all: [String] { lines.withLock { $0.map(\.line) } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
    func count(_ text: String) -> Int { all.filter { $0.contains(text) }.count }
    /// The lines with `text` logged at `level` or more severe.
    func count(_ text: String, atLeast level: Logger.Level) -> Int {
        lines.withLock { $0.filter { $0.level >= level && $0.line.contains(text) }.count }
    }

    var metadata: Logger.Metadata { get { [:] } set {} }
    var logLevel: Logger.Level { get { .trace } set {} }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? { get { nil } set {} }
    func log(event: LogEvent) {
        let meta = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append((event.level, "\(event.message) \(meta)")) }
    }
}

/// No sink ever puts a secret in an error: not the signing secret, not a
/// URL that is a credential (nor its host or path), not a header value.
@Suite struct SecretLeakTests {
    static let environment = [
        "HOOK_SECRET": "sign-s3cret-value",
        "HOOK_TOKEN": "Bearer hdr-s3cret-value",
    ]
    static var secretValues: [String] { ["sign-s3cret", "hdr-s3cret", "tok3n-s3cret", "T0K3N-PATH-S3CRET"] }

    static let formats: [(String, WebhookFormat)] = {
        var f = WebhookPreset.allCases.map { ($0.rawValue, WebhookFormat.preset($0)) }
        f.append(("template", .template(try! WebhookTemplate(source: "{\"t\": \"{{headline}}\"}"))))
        return f
    }()

    func options(url: String, format: WebhookFormat) -> WebhookSink.Options {
        .init(url: .secret(.environment("HOOK_URL")), format: format, secret: .environment("HOOK_SECRET"),
              headers: ["Authorization": .secret(.environment("HOOK_TOKEN"))], timeout: 10)
    }

    @Test func errorsOfEverySinkNameNoSecret() async throws {
        let failing = WebhookReceiver(.fail(500)), rejecting = WebhookReceiver(.fail(400))
        let s500 = try await failing.start(), s400 = try await rejecting.start()
        // Refuses connections, and stays bound so that no other test's server is handed the port.
        let closed = try RefusingPort()
        defer { closed.release() }
        let closedPort = closed.port
        defer { Task { await s500.shutdown(); await s400.shutdown() } }
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        // curl resolves *.localhost to loopback itself, and names the host in its connect errors.
        let urls = ["http://127.0.0.1:\(s500.port)/services/T0K3N-PATH-S3CRET",
                    "http://127.0.0.1:\(s400.port)/services/T0K3N-PATH-S3CRET?key=T0K3N-PATH-S3CRET",
                    "http://tok3n-s3cret.localhost:\(closedPort)/services/T0K3N-PATH-S3CRET"]
        let capture = LogCapture()
        let logger = Logger(label: "test") { _ in capture }
        var reasons: [String] = []
        for (name, format) in Self.formats {
            for url in urls {
                var env = Self.environment
                env["HOOK_URL"] = url
                let sink = WebhookSink(id: "hook-\(name)", options: options(url: url, format: format), fetcher: fetcher, environment: env)
                try await sink.start()
                let store = try OutboxFixture.store()
                try OutboxFixture.enqueue([OutboxFixture.record("LEAK1")], sinks: [sink.id], into: store, now: Date())
                let worker = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(maxAge: 0), clock: SystemClock(),
                                            doorbell: Doorbell(), logger: logger)
                #expect(try await worker.drainOnce() == 1)
                let dead = try store.deadLetters(limit: 10)
                #expect(dead.count == 1, "\(name) \(url)")
                reasons += dead.compactMap(\.lastError)
            }
            // A missing secret stops the start, naming the reference and not a value.
            let missing = WebhookSink(id: "hook-\(name)", options: options(url: urls[0], format: format), fetcher: fetcher,
                                      environment: ["HOOK_URL": urls[0], "HOOK_TOKEN": "Bearer hdr-s3cret-value"])
            do { try await missing.start(); Issue.record("start() accepted a missing secret") } catch {
                reasons.append("\(error)")
                #expect("\(error)".contains("env:HOOK_SECRET"))
            }
        }
        #expect(reasons.contains { $0.contains("Failed to connect to [redacted]") }, "\(reasons)")
        #expect(reasons.contains("HTTP 400") && reasons.contains("HTTP 500"))
        let everything = reasons + capture.all
        for secret in Self.secretValues {
            #expect(!everything.contains { $0.contains(secret) }, "\(secret) leaked: \(everything.filter { $0.contains(secret) })")
        }
    }

    @Test func aSecretPrintsRedacted() throws {
        let s = try SecretSource.environment("X").resolve(environment: ["X": "sign-s3cret"])
        #expect("\(s)" == "[redacted]")
        #expect(String(reflecting: s) == "[redacted]")
    }

    @Test func aCredentialIsReadFromTheCredentialsDirectory() throws {
        let dir = try makeTemporaryDirectory("creds")
        try "from-systemd\n".write(to: dir.appendingPathComponent("hook-secret"), atomically: true, encoding: .utf8)
        let source = try #require(SecretSource(reference: "credential:hook-secret"))
        #expect(try source.resolve(environment: ["CREDENTIALS_DIRECTORY": dir.path]).value == "from-systemd")
        #expect(throws: SecretError.self) { try source.resolve(environment: [:]) }
        #expect(SecretSource(reference: "credential:../etc/passwd") == nil)
        #expect(SecretSource(reference: "hunter2") == nil)
    }
}
