import Foundation

/// `Retry-After` as sent: a number of seconds or an HTTP date.
public enum RetryAfter: Sendable, Hashable {
    case seconds(Int)
    case date(Date)

    public init?(headerValue: String) {
        let v = headerValue.trimmingCharacters(in: .whitespaces)
        if let s = Int(v), s >= 0 {
            self = .seconds(s)
        } else if !v.isEmpty, v.utf8.allSatisfy({ $0 &- 0x30 < 10 }) {
            // Digits past what an Int holds are a wait longer than any bound: the longest, not none.
            self = .seconds(Int.max)
        } else if let d = HTTPDate.parse(v) {
            self = .date(d)
        } else {
            return nil
        }
    }

    /// The longest wait a server can impose: a hostile or broken Retry-After
    /// (years ahead) must not silence a feed for good.
    public static let longestDelay: TimeInterval = 86_400

    /// The delay it asks for, counted from `now`, within 0...`longestDelay`.
    public func boundedDelay(from now: Date) -> TimeInterval {
        min(delay(from: now), Self.longestDelay)
    }

    /// The delay it asks for, counted from `now`; never negative.
    public func delay(from now: Date) -> TimeInterval {
        switch self {
        case .seconds(let s): return TimeInterval(s)
        case .date(let d): return max(0, d.timeIntervalSince(now))
        }
    }
}
