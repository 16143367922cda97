import Foundation
import NIOCore

/// Waits for a future with a deadline. postgres-nio's futures can stay pending for good: a query
/// written to a connection whose channel closed in the meantime is dropped by the channel, and its
/// promise never completes (1.33.2, `PostgresConnection.queryStream` writes with `promise: nil`).
/// A stopped server never answers either. `EventLoopFuture.wait()` has no deadline, so this one is.
enum PostgresAnswer {
    /// The value of `future`, or nil when it did not complete within `limit` seconds.
    static func wait<T: Sendable>(for future: EventLoopFuture<T>, limit: TimeInterval) throws -> T? {
        let outcome = Outcome<T>()
        future.whenComplete { result in
            outcome.result = result
            outcome.done.signal()
        }
        guard outcome.done.wait(timeout: .now() + limit) == .success else { return nil }
        return try outcome.result!.get()
    }

    /// Written once on the event loop before `done` is signalled, read after the wait: the semaphore orders them.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result<T, any Error>?
    }
}
