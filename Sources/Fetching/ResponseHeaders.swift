import Foundation

/// The response headers a poller acts on, read from the final response only.
public struct ResponseHeaders: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    public var retryAfter: RetryAfter?
    public var cacheControlMaxAge: Int?
    public var expires: Date?
    public var date: Date?

    public init(etag: String? = nil, lastModified: String? = nil, contentType: String? = nil,
                retryAfter: RetryAfter? = nil, cacheControlMaxAge: Int? = nil, expires: Date? = nil, date: Date? = nil) {
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.cacheControlMaxAge = cacheControlMaxAge
        self.expires = expires
        self.date = date
    }

    /// Builds the value from raw `name: value` lines of one response.
    public init(lines: [(name: String, value: String)]) {
        self.init()
        for (name, value) in lines {
            switch name.lowercased() {
            case "etag": etag = value
            case "last-modified": lastModified = value
            case "content-type": contentType = value
            case "retry-after": retryAfter = RetryAfter(headerValue: value)
            case "expires": expires = HTTPDate.parse(value)
            case "date": date = HTTPDate.parse(value)
            case "cache-control":
                for directive in value.split(separator: ",") {
                    let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    if parts.count == 2, parts[0].lowercased() == "max-age", let v = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                        cacheControlMaxAge = v
                    }
                }
            default: break
            }
        }
    }

    /// How long the server says the response stays fresh, clamped to `bounds`:
    /// max-age wins over Expires (RFC 9111), Expires is read relative to Date.
    public func freshness(bounds: ClosedRange<TimeInterval>) -> TimeInterval? {
        var seconds: TimeInterval?
        if let maxAge = cacheControlMaxAge {
            seconds = TimeInterval(maxAge)
        } else if let expires, let date {
            seconds = expires.timeIntervalSince(date)
        }
        return seconds.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
    }
}

/// `Retry-After` as sent: a number of seconds or an HTTP date.
public enum RetryAfter: Sendable, Hashable {
    case seconds(Int)
    case date(Date)

    public init?(headerValue: String) {
        let v = headerValue.trimmingCharacters(in: .whitespaces)
        if let s = Int(v), s >= 0 {
            self = .seconds(s)
        } else if let d = HTTPDate.parse(v) {
            self = .date(d)
        } else {
            return nil
        }
    }

    /// The delay it asks for, counted from `now`; never negative.
    public func delay(from now: Date) -> TimeInterval {
        switch self {
        case .seconds(let s): return TimeInterval(s)
        case .date(let d): return max(0, d.timeIntervalSince(now))
        }
    }
}

/// IMF-fixdate, RFC 850 and asctime, as RFC 9110 asks a recipient to accept.
public enum HTTPDate {
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]

    public static func parse(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        for format in formats {
            f.dateFormat = format
            if let d = f.date(from: s.trimmingCharacters(in: .whitespaces)) { return d }
        }
        return nil
    }

    public static func format(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: d)
    }
}
