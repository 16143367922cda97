import Foundation
import Synchronization
import WirewatchCore

/// A clock that moves only when a test says so.
public final class ManualClock: WirewatchClock, Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    /// Returns once a test has advanced the clock to `deadline`.
    public func sleep(until deadline: Date) async throws {
        while now() < deadline {
            try Task.checkCancellation()
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }
}
