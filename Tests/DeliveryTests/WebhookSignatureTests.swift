import Delivery
import Fetching
import Foundation
import Logging
import Testing
import TestSupport
import WirewatchCore

/// The signature a real receiver gets verifies with the algorithm and the
/// very code that docs/webhooks.md gives receivers (Python and shell).
@Suite struct WebhookSignatureTests {
    static let secret = "correct horse battery staple"

    /// One signed request, as the receiver got it.
    func signedRequest() async throws -> LoopbackHTTPServer.Request {
        let receiver = WebhookReceiver()
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let store = try OutboxFixture.store()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let sink = WebhookSink(id: "hook", options: .init(url: .value("\(server.baseURL)/hook"), secret: .environment("HOOK_SECRET")),
                               fetcher: fetcher, environment: ["HOOK_SECRET": Self.secret])
        try await sink.start()
        try OutboxFixture.enqueue([OutboxFixture.record("SIGNED1", title: "Zölle: \"tariffs\" & <chips>")], sinks: ["hook"], into: store, now: Date())
        let worker = DeliveryWorker(sink: sink, store: store, policy: RetryPolicy(), clock: SystemClock(), doorbell: Doorbell(),
                                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(try await worker.drainOnce() == 1)
        return try #require(receiver.requests.first)
    }

    /// The first fenced block of `language` in docs/webhooks.md.
    func documented(_ language: String) throws -> String {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/webhooks.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```\(language)\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    func run(_ executable: String, _ arguments: [String], environment: [String: String], stdin: Data = Data(),
             directory: URL? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { p.currentDirectoryURL = directory }
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    @Test func theRequestCarriesKeyTimestampAndSignature() async throws {
        let r = try await signedRequest()
        #expect(r.method == "POST")
        #expect(r.header("Idempotency-Key") == "SIGNED1")
        #expect(r.header("Content-Type") == "application/json")
        let ts = try #require(r.header(WebhookSignature.timestampHeader))
        let sig = try #require(r.header(WebhookSignature.signatureHeader))
        #expect(sig.hasPrefix("sha256=") && sig.count == 7 + 64)
        #expect(WebhookSignature.verify(body: r.body, timestamp: ts, signature: sig, secret: Secret(Self.secret), now: Date()))
        #expect(!WebhookSignature.verify(body: r.body + Data(" ".utf8), timestamp: ts, signature: sig, secret: Secret(Self.secret), now: Date()))
        // The body is the alert record, as in the log.
        #expect(try AlertRecord.decode(line: r.body).id == "SIGNED1")
    }

    @Test func theDocumentedPythonVerifierAcceptsItAndRefusesATamperedBody() async throws {
        let r = try await signedRequest()
        let dir = try makeTemporaryDirectory("verify")
        let script = dir.appendingPathComponent("verify.py")
        try documented("python").write(to: script, atomically: true, encoding: .utf8)
        let ts = r.header(WebhookSignature.timestampHeader) ?? "", sig = r.header(WebhookSignature.signatureHeader) ?? ""
        let env = ["WIREWATCH_WEBHOOK_SECRET": Self.secret]
        #expect(try run("/usr/bin/env", ["python3", script.path, ts, sig], environment: env, stdin: r.body).0 == 0)
        #expect(try run("/usr/bin/env", ["python3", script.path, ts, sig], environment: env, stdin: r.body.dropLast()).0 == 1)
        #expect(try run("/usr/bin/env", ["python3", script.path, ts, sig], environment: ["WIREWATCH_WEBHOOK_SECRET": "wrong"], stdin: r.body).0 == 1)
        #expect(try run("/usr/bin/env", ["python3", script.path, String(Int(ts)! - 3600), sig], environment: env, stdin: r.body).0 == 1)
    }

    @Test func theDocumentedShellCheckAcceptsIt() async throws {
        let r = try await signedRequest()
        let dir = try makeTemporaryDirectory("verify")
        try r.body.write(to: dir.appendingPathComponent("body"))
        let env = ["WIREWATCH_WEBHOOK_SECRET": Self.secret, "TS": r.header(WebhookSignature.timestampHeader) ?? "",
                   "SIG": r.header(WebhookSignature.signatureHeader) ?? ""]
        let (status, out) = try run("/bin/sh", ["-c", try documented("sh")], environment: env, directory: dir)
        #expect(status == 0)
        #expect(out == "authentic\n")
        try (r.body + Data("x".utf8)).write(to: dir.appendingPathComponent("body"))
        #expect(try run("/bin/sh", ["-c", try documented("sh")], environment: env, directory: dir).0 == 1)
    }
}
