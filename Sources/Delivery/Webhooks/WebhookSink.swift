import Fetching
import Foundation
import WirewatchCore

/// What a webhook sends: a preset's message or an operator's template.
public enum WebhookFormat: Sendable, Hashable {
    case preset(WebhookPreset)
    case template(WebhookTemplate)

    func payload(_ alerts: [AlertRecord], digest: String?, url: String) -> WebhookPayload {
        switch self {
        case .preset(let p): return p.payload(alerts, digest: digest, url: url)
        case .template(let t): return t.payload(alerts, digest: digest)
        }
    }
}

/// Posts alerts to an HTTP endpoint through the project's fetcher. Every
/// request carries `Idempotency-Key` (the alert id), a timestamp and, with a
/// secret, an HMAC-SHA256 signature (see docs/webhooks.md). Secrets (the
/// signing secret, a URL that is itself a credential, header values) are read
/// at `start()`, read again when a reload asks `secretsChanged()`, and redacted
/// from every error this sink reports.
public actor WebhookSink: AlertSink {
    public struct Options: Sendable, Hashable {
        public var url: SecretOrValue
        public var format: WebhookFormat
        public var secret: SecretSource?
        public var headers: [String: SecretOrValue]
        public var method: String
        public var timeout: TimeInterval

        public init(url: SecretOrValue, format: WebhookFormat = .preset(.json), secret: SecretSource? = nil,
                    headers: [String: SecretOrValue] = [:], method: String = "POST", timeout: TimeInterval = 15) {
            self.url = url; self.format = format; self.secret = secret; self.headers = headers
            self.method = method; self.timeout = timeout
        }
    }

    struct Resolved: Equatable {
        var url: String
        var secret: Secret?
        var headers: [String: String]
        var secrets: [Secret]
    }

    public nonisolated let id: String
    /// A receiver's 2xx is its answer: nothing is left to flush.
    public nonisolated var answerIsFinal: Bool { true }
    let options: Options
    let fetcher: Fetcher
    let clock: any WirewatchClock
    let environment: [String: String]
    private var resolved: Resolved?

    public init(id: String, options: Options, fetcher: Fetcher, clock: any WirewatchClock = SystemClock(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.id = id
        self.options = options
        self.fetcher = fetcher
        self.clock = clock
        self.environment = environment
    }

    /// Reads the secrets; a missing one stops the daemon from starting, with a reason that names it.
    public func start() async throws {
        do { resolved = try resolve() } catch {
            throw SecretError("sink '\(id)': \(error)", onlyARestartMends: (error as? SecretError)?.onlyARestartMends ?? false)
        }
    }

    public func secretsChanged() async throws -> Bool {
        guard let resolved else { return false }
        return try resolve() != resolved
    }

    public func receiver() async -> String? { resolved?.url }

    private func resolve() throws -> Resolved {
        let url = try options.url.resolve(environment: environment)
        let secret = try options.secret?.resolve(environment: environment)
        var headers: [String: String] = [:]
        var secrets = [secret].compactMap { $0 } + (url.secret?.withURLPieces ?? [])
        for (name, value) in options.headers {
            let v = try value.resolve(environment: environment)
            headers[name] = v.value
            if let s = v.secret { secrets.append(s) }
        }
        return Resolved(url: url.value, secret: secret, headers: headers, secrets: secrets)
    }

    public func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        await send([record], digest: nil, key: record.id)
    }

    /// One message for all of `records`; its idempotency key is a function of their ids.
    public func deliver(digest records: [AlertRecord]) async -> DeliveryOutcome {
        let key = "digest-" + StableHash.crockford128(records.map(\.id).sorted().joined(separator: ","))
        return await send(records, digest: key, key: key)
    }

    private func send(_ records: [AlertRecord], digest: String?, key: String) async -> DeliveryOutcome {
        let target: Resolved
        if let resolved { target = resolved } else {
            do { target = try resolve(); resolved = target } catch { return .retry(reason: "\(error)", after: nil) }
        }
        let payload = options.format.payload(records, digest: digest, url: target.url)
        let timestamp = Int(clock.now().timeIntervalSince1970)
        var headers = target.headers
        headers["Content-Type"] = payload.contentType
        headers["Idempotency-Key"] = key
        headers[WebhookSignature.timestampHeader] = "\(timestamp)"
        if let secret = target.secret {
            headers[WebhookSignature.signatureHeader] = WebhookSignature.sign(body: payload.body, timestamp: timestamp, secret: secret)
        }
        // A receiver may work before it answers, sending nothing meanwhile: the sink's `timeout` is the bound,
        // so the fetcher's low-speed cut (20 s under 64 bytes a second) is off (a limit of 0 bytes).
        let request = FetchRequest(url: payload.url ?? target.url, method: options.method, body: payload.body, headers: headers,
                                   connectTimeout: min(10, options.timeout), totalTimeout: options.timeout,
                                   lowSpeedBytes: 0,
                                   maxBodyBytes: 1 << 20, maxRedirects: 0)
        let result = await fetcher.fetch(request)
        switch WebhookResponse.outcome(result, now: clock.now()) {
        case .delivered: return .delivered
        case .retry(let reason, let after): return .retry(reason: Secret.redact(reason, target.secrets), after: after)
        case .pauseSink(let reason, let after): return .pauseSink(reason: Secret.redact(reason, target.secrets), after: after)
        case .reject(let reason): return .reject(reason: Secret.redact(reason, target.secrets))
        }
    }
}
