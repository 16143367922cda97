import Foundation

/// When to try a failed delivery again: exponential backoff with full jitter,
/// no sooner than the receiver's Retry-After, and dead-lettered when an attempt `maxAge` or more after
/// the first fails.
public struct RetryPolicy: Sendable, Hashable {
    /// The ceiling of the first retry's delay; it doubles with each failure up to `cap`.
    public var base: TimeInterval
    public var cap: TimeInterval
    public var maxAge: TimeInterval

    public init(base: TimeInterval = 1, cap: TimeInterval = 600, maxAge: TimeInterval = 86400) {
        self.base = base; self.cap = cap; self.maxAge = maxAge
    }

    /// A receiver's Retry-After beyond this (a broken or hostile receiver's days or years) counts as this
    /// long: the delivery is tried again then, and dead-lettered only once `maxAge` has passed. Taken
    /// whole, a Retry-After past `maxAge` dead-lettered the delivery at its first answer.
    public static let longestRetryAfter: TimeInterval = 3600

    /// The next attempt after `attempts` failures, the last of which was at `now`, or nil to dead-letter:
    /// nil once that failure came `maxAge` or more after the first attempt. A next attempt that falls past
    /// `maxAge` is still made, at the time asked: a receiver answering "Retry-After: 3600" to a delivery
    /// with half an hour of `maxAge` left was dead-lettered at that first answer, its alert lost though the
    /// receiver had only asked it to wait.
    /// `random` is a value in [0, 1) supplied by the caller, so the policy stays pure.
    public func nextAttempt(after attempts: Int, firstAttempt: Date, now: Date, retryAfter: TimeInterval?, random: Double) -> Date? {
        guard now.timeIntervalSince(firstAttempt) < maxAge else { return nil }
        var delay = backoff(after: attempts) * random
        if let retryAfter { delay = max(delay, min(retryAfter, Self.longestRetryAfter)) }
        return now.addingTimeInterval(delay)
    }

    /// The ceiling of the delay after `attempts` failures, before jitter: `base` doubled each time, at most `cap`.
    public func backoff(after attempts: Int) -> TimeInterval {
        min(cap, base * pow(2, Double(min(max(attempts - 1, 0), 40))))
    }
}
