import Foundation

/// What put a feed's next poll back beyond its interval: the feed's own `<ttl>`, the server's
/// cache headers, or the feed's `<skipHours>`/`<skipDays>`. Kept with the schedule so that a reload
/// can re-plan the wait under new settings, and so that `wirewatch feeds` can say why a feed
/// polled every 10 s is next polled in an hour.
public struct ServerHint: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// RSS `<ttl>`: `seconds` is the ttl.
        case ttl
        /// Cache-Control max-age, or Expires: `seconds` is how long the server calls the feed fresh.
        case cache
        /// `<skipHours>`/`<skipDays>`: `seconds` is the whole wait from the poll to the first allowed hour.
        case skip
    }

    public var kind: Kind
    public var seconds: TimeInterval

    public init(kind: Kind, seconds: TimeInterval) {
        self.kind = kind
        self.seconds = seconds
    }
}

extension ServerHint {
    /// As a store keeps it, in two nullable columns; nil when either is missing or the kind is unknown.
    public init?(kind: String?, seconds: TimeInterval?) {
        guard let kind = kind.flatMap(Kind.init(rawValue:)), let seconds else { return nil }
        self.init(kind: kind, seconds: seconds)
    }
}
