import Foundation

/// What to fetch and how. Defaults are what a polite feed poller should do.
public struct FetchRequest: Sendable, Hashable {
    /// A header name or value with CR, LF or NUL would end the header line early
    /// (a second header smuggled in): the config refuses it, and so does a transfer.
    public static func breaksHeaderLine(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    public var url: String
    /// "GET" for feeds; webhooks send "POST" (or "PUT") with a `body`.
    public var method: String
    public var body: Data?
    /// Validators from the previous 200 response, for a conditional GET.
    public var etag: String?
    public var lastModified: String?

    /// Whether it asks the server to validate what the client has (a 304 is an answer to it then, and only then).
    var isConditional: Bool {
        etag != nil || lastModified != nil || headers.keys.contains {
            ["if-none-match", "if-modified-since"].contains($0.lowercased())
        }
    }
    public var headers: [String: String]
    public var connectTimeout: TimeInterval
    public var totalTimeout: TimeInterval
    /// Abort when fewer than `lowSpeedBytes` arrive per second for `lowSpeedSeconds`.
    public var lowSpeedBytes: Int
    public var lowSpeedSeconds: Int
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    public var basicAuth: BasicAuth?
    /// Follow redirects only on the host the request names (and never from https to http): the request carries
    /// credentials (a login, a secret header) that libcurl would send along to another host, all but
    /// `Authorization` and `Cookie` (exploratory finding: an `X-Api-Key` went to whatever host a feed redirected
    /// to, and every credential after a permanent move was remembered).
    public var keepsCredentialsOnHost = false
    /// e.g. `http://proxy:3128`, `socks5h://127.0.0.1:1080`.
    public var proxy: String?
    /// A CA bundle for an `https://` proxy's certificate; nil: the system's CAs. The proxy is always verified.
    public var proxyCAFile: String?
    /// Only for a feed that explicitly turns TLS verification off.
    public var verifyTLS: Bool
    /// `file://` URLs are refused unless the feed says it reads a local file.
    public var allowFile: Bool

    public struct BasicAuth: Sendable, Hashable {
        public var user: String
        public var password: String
        public init(user: String, password: String) { self.user = user; self.password = password }
    }

    /// The largest body read by default (the daemon's `poll.max_size`).
    public static let defaultMaxBodyBytes = 16 << 20

    public init(url: String, method: String = "GET", body: Data? = nil, etag: String? = nil, lastModified: String? = nil, headers: [String: String] = [:],
                connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 60,
                lowSpeedBytes: Int = 64, lowSpeedSeconds: Int = 20,
                maxBodyBytes: Int = defaultMaxBodyBytes, maxRedirects: Int = 5,
                basicAuth: BasicAuth? = nil, proxy: String? = nil, verifyTLS: Bool = true, allowFile: Bool = false) {
        self.url = url
        self.method = method
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedBytes = lowSpeedBytes
        self.lowSpeedSeconds = lowSpeedSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.basicAuth = basicAuth
        self.proxy = proxy
        self.verifyTLS = verifyTLS
        self.allowFile = allowFile
    }
}
