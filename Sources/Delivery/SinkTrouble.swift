import Fetching

/// Whether a sink is failing, and for what cause, judged one batch at a time: its worker says one line
/// when the sink starts failing, one when the cause changes and one when it delivers again, not one per
/// delivery per attempt (a full disk under the alert log wrote 280 lines a second, trial3 finding 4).
/// Pure: the worker keeps it and logs what `settle` returns.
public struct SinkTrouble: Sendable, Hashable {
    /// The cause of the failures since the sink last delivered (`cause(of:)`), nil while it delivers.
    public private(set) var cause: String?
    /// Attempts failed since the sink last delivered.
    public private(set) var failedAttempts = 0
    /// Attempts failed in a row before the sink is said failing. A webhook's sink waits for a second: a receiver
    /// that fails one request in twenty, its batches one or two alerts each, said "failing" and "delivers again"
    /// for each failure, two lines where one said it (review of sinkflood, 4).
    public let failingAfter: Int

    public enum News: Sendable, Hashable {
        /// The sink delivered until now; `reason` is one failure's whole text.
        case failing(reason: String)
        /// Still failing, for another cause than the one said: `was` is the cause said before.
        case failingForAnotherCause(reason: String, was: String, failedAttempts: Int)
        /// Delivered again, after `failedAttempts` failed.
        case deliversAgain(failedAttempts: Int)
        /// One attempt failed, fewer than `failingAfter` in a row: said alone, and nothing when the next delivers.
        case failedOnce(reason: String)
    }

    public init(failingAfter: Int = 1) {
        self.failingAfter = max(1, failingAfter)
    }

    /// One batch: how many of its deliveries were delivered, and the reasons of those that failed and are
    /// retried (or given up past `retry.max_age`), in the order they ended. A batch with a failure keeps
    /// the sink failing even if others of it were delivered: a receiver that fails one request in two
    /// would otherwise be said failing and recovered at every batch.
    public mutating func settle(delivered: Int, failures: [String]) -> News? {
        guard let last = failures.last else {
            guard delivered > 0, failedAttempts > 0 else { return nil }
            let (failed, said) = (failedAttempts, cause != nil)
            (cause, failedAttempts) = (nil, 0)
            return said ? .deliversAgain(failedAttempts: failed) : nil
        }
        let now = Self.cause(of: last)
        let before = failedAttempts
        failedAttempts += failures.count
        guard let was = cause else {
            guard failedAttempts >= failingAfter else { return .failedOnce(reason: last) }
            cause = now
            return .failing(reason: last)
        }
        cause = now
        return was == now ? nil : .failingForAnotherCause(reason: last, was: was, failedAttempts: before)
    }

    /// What makes two failures one cause: the HTTP status (`HTTP 500`), the fetcher's error category
    /// (`timeout`, `connect`: their text carries the milliseconds waited), else the whole reason (an
    /// alert log's `writing PATH: No space left on device`) without the statement SQLite was running
    /// (the store's writes, `StoreWriteTrouble`: `… disk is full - while executing \`COMMIT\``).
    public static func cause(of reason: String) -> String {
        if let statement = reason.range(of: " - while executing") { return String(reason[..<statement.lowerBound]) }
        if reason.hasPrefix("HTTP ") {
            return "HTTP " + reason.dropFirst(5).prefix { $0.isNumber }
        }
        if let colon = reason.firstIndex(of: ":"), let category = FetchErrorCategory(rawValue: String(reason[..<colon])) {
            return category.rawValue
        }
        return reason
    }
}
