import Foundation

/// The outcome of one fetch, always a value: a transport failure is an
/// `error` with a category, never a throw.
public struct FetchResult: Sendable {
    public var requestURL: String
    /// Where the body came from after redirects.
    public var finalURL: String
    /// 0 when no HTTP response arrived (or for file:// URLs that were read).
    public var status: Int
    public var headers: ResponseHeaders
    public var body: Data
    /// Status codes of the redirect hops, in order.
    public var redirects: [Int]
    public var timings: Timings
    public var error: FetchError?
    /// "1.0", "1.1", "2" or "3" as negotiated for the final response; "" when none arrived.
    public var httpVersion: String

    public init(requestURL: String, finalURL: String, status: Int, headers: ResponseHeaders, body: Data,
                redirects: [Int], timings: Timings, error: FetchError?, httpVersion: String = "") {
        self.requestURL = requestURL
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.timings = timings
        self.error = error
        self.httpVersion = httpVersion
    }

    public var isNotModified: Bool { status == 304 && error == nil }
    public var isSuccess: Bool { error == nil && (status == 0 || (200..<300).contains(status)) }
    /// True when there were redirects and every one was permanent (301/308):
    /// the feed has moved and its URL should be updated.
    public var movedPermanently: Bool {
        !redirects.isEmpty && redirects.allSatisfy { $0 == 301 || $0 == 308 }
    }

    public struct Timings: Sendable, Hashable {
        public var total: TimeInterval = 0
        public var connect: TimeInterval = 0
        public var firstByte: TimeInterval = 0
        public init(total: TimeInterval = 0, connect: TimeInterval = 0, firstByte: TimeInterval = 0) {
            self.total = total; self.connect = connect; self.firstByte = firstByte
        }
    }
}

public enum FetchErrorCategory: String, Sendable, Hashable, CaseIterable {
    case dns, connect, tls, timeout
    case tooLarge = "too-large"
    case http4xx = "http-4xx"
    case http5xx = "http-5xx"
    case rateLimited = "rate-limited"
    case `protocol`
    /// The file a `file:` feed names cannot be read: not there, not permitted, or a directory.
    case file
    /// The caller's task was cancelled (or the fetcher shut down) before an answer.
    case cancelled
}

public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var category: FetchErrorCategory
    public var message: String
    public init(_ category: FetchErrorCategory, _ message: String) {
        self.category = category
        self.message = message
    }
    public var description: String { "\(category.rawValue): \(message)" }
}
