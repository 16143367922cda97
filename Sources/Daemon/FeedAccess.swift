import Delivery
import Fetching
import Foundation
import WirewatchCore

/// How a feed is reached beyond its URL: a proxy, a login, TLS verification,
/// size and time limits (`feeds[]`, with defaults from
/// `poll:`). Secrets stay references here and are read at each poll, so a
/// feed whose credential is missing fails alone, with the reason, and picks up
/// a fixed credential without a restart.
public struct FeedAccess: Sendable, Hashable {
    public enum Proxy: Sendable, Hashable {
        /// No proxy, whatever `poll.proxy` or the `*_proxy` environment variables say.
        case direct
        /// `http://`, `https://`, `socks5://`, `socks5h://` … (a URL or a secret holding one).
        case via(SecretOrValue)
    }

    public struct Login: Sendable, Hashable {
        public var user: String
        public var password: SecretSource
        public init(user: String, password: SecretSource) { self.user = user; self.password = password }
    }

    /// nil: `poll.proxy`, and without that libcurl's `http_proxy`/`https_proxy` environment variables.
    public var proxy: Proxy?
    /// A CA bundle that vouches for an `https://` proxy (default: the system's CAs).
    public var proxyCAFile: String?
    /// HTTP basic authentication.
    public var login: Login?
    /// Off only when the operator says so for this feed.
    public var verifyTLS = true
    /// nil: `poll.max_size`.
    public var maxBytes: Int?
    /// nil: `poll.timeout`.
    public var timeout: TimeInterval?

    public init(proxy: Proxy? = nil, proxyCAFile: String? = nil, login: Login? = nil, verifyTLS: Bool = true,
                maxBytes: Int? = nil, timeout: TimeInterval? = nil) {
        self.proxy = proxy; self.proxyCAFile = proxyCAFile; self.login = login; self.verifyTLS = verifyTLS
        self.maxBytes = maxBytes; self.timeout = timeout
    }
}

/// A feed's request, with every secret it needs read.
struct FeedFetch {
    var request: FetchRequest
    /// Values to cut out of any message about this fetch.
    var secrets: [Secret]
}

extension FeedConfig {
    /// The fetch timeout a poll of this feed uses under `poll`.
    func fetchTimeout(_ poll: DaemonConfig.PollDefaults) -> TimeInterval { access.timeout ?? poll.timeout }

    /// The request for a poll of `url` (a reference when the feed's url is a secret: read here, each poll),
    /// conditional on `state`'s validators. Throws `SecretError` or `FeedURLSecretError` (naming the
    /// reference, never a value) when a secret cannot be read or holds no feed URL.
    func fetch(url: String, state: FeedState, poll: DaemonConfig.PollDefaults,
               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FeedFetch {
        var secrets: [Secret] = []
        func read(_ v: SecretOrValue) throws -> String {
            let r = try v.resolve(environment: environment)
            if let s = r.secret { secrets += s.withURLPieces }
            return r.value
        }
        var target = url
        if let reference = SecretSource(reference: url) { target = try FeedURLSecretError.feedURL(read(.secret(reference)), of: reference) }
        var headers: [String: String] = [:]
        for (name, value) in self.headers { headers[name] = try read(value) }
        var request = FetchRequest(url: target, etag: state.etag, lastModified: state.lastModified, headers: headers,
                                   totalTimeout: fetchTimeout(poll), maxBodyBytes: access.maxBytes ?? poll.maxBytes,
                                   verifyTLS: access.verifyTLS, allowFile: allowFile)
        switch access.proxy ?? poll.proxy.map(FeedAccess.Proxy.via) {
        case nil: break
        case .direct: request.proxy = ""  // libcurl: an empty proxy turns the environment's off too
        case .via(let p): request.proxy = try read(p)
        }
        request.proxyCAFile = access.proxyCAFile ?? poll.proxyCAFile
        // A feed given a timeout of its own past the slow-server cut (20 s under 64 bytes a second) is one whose
        // server is known to think before it sends: it is waited for that long, as a webhook's receiver is
        // (trial finding 14: `timeout: 60s` still cut a 30-second generator at 20 s).
        if let own = access.timeout, own > TimeInterval(request.lowSpeedSeconds) { request.lowSpeedSeconds = Int(own.rounded(.up)) }
        if let login = access.login {
            let password = try read(.secret(login.password))
            request.basicAuth = .init(user: login.user, password: password)
        }
        request.keepsCredentialsOnHost = access.login != nil || self.headers.contains { name, value in
            if case .secret = value { return true }
            return ConfigLoader.holdsCredential(header: name)
        }
        return FeedFetch(request: request, secrets: secrets)
    }
}

/// A feed's `url` secret whose value is no URL a feed is fetched from (not `http://` or `https://`, no host, a
/// space): the poll fails with outcome `config`, naming the reference, never the value.
struct FeedURLSecretError: Error, CustomStringConvertible {
    var reference: SecretSource
    var description: String { "\(reference): holds no http:// or https:// URL with a host, as a feed's url must be" }

    /// `value`, the secret `reference` holds, as a feed's url is fetched: its scheme in lower case, as a url
    /// written in the config is read (`HTTP://` is `http://`, trial2 finding 10). A login or a token in it is
    /// what makes it a secret; what else the config refuses in a url throws.
    static func feedURL(_ value: String, of reference: SecretSource) throws -> String {
        let url = ConfigLoader.lowercasingScheme(value)
        switch ConfigLoader.feedURLProblem(url) {
        case .scheme?, .unfetchable?: throw FeedURLSecretError(reference: reference)
        case nil, .password?, .credentialInQuery?: return url
        }
    }
}
