import Foundation

/// The only way a stage learns the time. Pure stages take `now` as a value;
/// services that wait take a `WirewatchClock`, so tests can drive time by hand.
public protocol WirewatchClock: Sendable {
    func now() -> Date
    /// Suspends until `deadline` (or returns at once if it has passed). Throws on cancellation.
    func sleep(until deadline: Date) async throws
}

public struct SystemClock: WirewatchClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
        try Task.checkCancellation()
    }
}
