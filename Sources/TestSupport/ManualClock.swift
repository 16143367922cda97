import Foundation
import Synchronization
import WirewatchCore

/// A clock that moves only when the test says so. `sleep(until:)` suspends
/// until `advance` reaches the deadline (or the task is cancelled), so a
/// service driven by it is tested without sleeping.
public final class ManualClock: WirewatchClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
    }

    private let state: Mutex<State>

    public init(now: Date = Date(timeIntervalSince1970: 1_764_403_200)) {  // 2025-11-29T08:00:00Z
        state = Mutex(State(now: now))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// How many tasks are suspended in `sleep(until:)` now.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline a sleeper waits for.
    public var nextDeadline: Date? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    public func sleep(until deadline: Date) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                // Cancellation sets the flag before the handler takes the lock, so checking under
                // the lock means a sleeper is either seen by the handler or never registered.
                let outcome = state.withLock { s -> Result<Bool, CancellationError> in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if s.now >= deadline { return .success(true) }
                    s.sleepers[id] = Sleeper(deadline: deadline, continuation: c)
                    return .success(false)
                }
                switch outcome {
                case .failure(let e): c.resume(throwing: e)
                case .success(true): c.resume()
                case .success(false): break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(by seconds: TimeInterval) {
        advance(to: now().addingTimeInterval(seconds))
    }

    public func advance(to date: Date) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = max(s.now, date)
            let ids = s.sleepers.filter { $0.value.deadline <= s.now }.map(\.key)
            return ids.compactMap { s.sleepers.removeValue(forKey: $0) }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
