import Foundation

/// When a receiver asks a sink to wait, until when the whole sink sends nothing: the Retry-After it
/// sent, or without one the retry policy's next backoff for the delivery it answered, never longer
/// than `longest`. Pure: the worker saves what it decides as a `SinkHold`.
public enum SinkPause {
    /// A Retry-After beyond this (a broken or hostile receiver's days or years) pauses the sink this
    /// long; the delivery is then tried again, and answered again if the receiver still means it.
    public static let longest: TimeInterval = RetryPolicy.longestRetryAfter

    /// The end of the pause `outcome` asks for, or nil when the sink goes on. `backoff` is the retry
    /// policy's delay for the delivery answered, used when the receiver named no time.
    public static func until(_ outcome: DeliveryOutcome, now: Date, backoff: TimeInterval) -> Date? {
        guard case .pauseSink(_, let after) = outcome else { return nil }
        return now.addingTimeInterval(delay(after, backoff: backoff))
    }

    /// The seconds a pause lasts: what the receiver asked, else `backoff`, within 0...`longest`. A wait
    /// of zero or less ("Retry-After: 0", or a date the receiver's slow clock puts in our past) is read
    /// as no time named: a 429 still means "slower", and pausing nothing would send at full speed again.
    static func delay(_ after: TimeInterval?, backoff: TimeInterval) -> TimeInterval {
        let asked = after.flatMap { $0 > 0 ? $0 : nil }
        return min(max(0, asked ?? backoff), longest)
    }
}
