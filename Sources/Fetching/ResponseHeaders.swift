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
    /// Where a redirect points (a webhook does not follow it, but says where to).
    public var location: String?
    /// Cache-Control said no-cache or no-store: the response may not be reused without asking the server again.
    public var mustAskAgain = false

    public init(etag: String? = nil, lastModified: String? = nil, contentType: String? = nil,
                retryAfter: RetryAfter? = nil, cacheControlMaxAge: Int? = nil, expires: Date? = nil, date: Date? = nil,
                location: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.cacheControlMaxAge = cacheControlMaxAge
        self.expires = expires
        self.date = date
        self.location = location
    }

    /// The header names `init(lines:)` reads, lower-cased, as bytes.
    private static let readNames: [[UInt8]] = ["etag", "last-modified", "content-type", "retry-after",
                                               "expires", "date", "cache-control", "location"].map { Array($0.utf8) }

    /// Whether `init(lines:)` reads the header with this name (ASCII, any case).
    static func isRead<Name: Collection<UInt8>>(_ name: Name) -> Bool {
        readNames.contains { known in known.count == name.count && zip(known, name).allSatisfy { $0 == $1 | 0x20 } }
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
            case "location": location = value
            case "cache-control":
                for directive in value.split(separator: ",") {
                    let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    // no-cache, no-store: nothing may be reused without asking again; what else it says of freshness is moot.
                    if parts.count == 1, ["no-cache", "no-store"].contains(parts[0].lowercased()) { mustAskAgain = true }
                    if parts.count == 2, parts[0].lowercased() == "max-age" {
                        let digits = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        // RFC 9111: a delta-seconds too large to hold means "a very long time".
                        if let v = Int(digits), v >= 0 { cacheControlMaxAge = v }
                        else if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) { cacheControlMaxAge = Int.max }
                    }
                }
            default: break
            }
        }
    }

    /// The freshness a poller should believe: at least a minute (a server saying
    /// max-age=0 does not make us poll in a loop), at most a day
    /// (a feed that says "cache me for a year" still gets polled).
    public static let saneFreshness: ClosedRange<TimeInterval> = 60...86_400

    /// `freshness(bounds:)` within `saneFreshness`; nil when the server said nothing.
    public var freshness: TimeInterval? { freshness(bounds: Self.saneFreshness) }

    /// How long the server says the response stays fresh, clamped to `bounds`:
    /// max-age wins over Expires (RFC 9111), Expires is read relative to Date.
    public func freshness(bounds: ClosedRange<TimeInterval>) -> TimeInterval? {
        // A poller defers nothing for a response it may not reuse unasked: "no-cache, max-age=3600" put polls an hour
        // apart (exploratory finding of stop 31).
        guard !mustAskAgain else { return nil }
        var seconds: TimeInterval?
        if let maxAge = cacheControlMaxAge {
            seconds = TimeInterval(maxAge)
        } else if let expires, let date {
            seconds = expires.timeIntervalSince(date)
        }
        return seconds.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
    }
}
