import Foundation
import Logging
import PostgresStore
import ServiceLifecycle
import Store
import Synchronization
import WirewatchCore

/// Asks the store every `StoreHealth.period` whether it answers (`DaemonStore.probe`), keeps the verdict for
/// `/readyz` and `/metrics` (read at once, never waiting on the store), and logs once when the store stops
/// answering and once when it answers again, looking every period whether a check has ended or not. The
/// check runs on a thread of its own: a server that never answers (a PostgreSQL call tries several
/// connections, each for up to `store.time_limit`) holds that thread, not one of the pool's few.
final class StoreWatch: Service, Sendable {
    private let store: any DaemonStore
    private let clock: any WirewatchClock
    private let logger: Logger
    private let health: Mutex<StoreHealth>

    init(store: any DaemonStore, clock: any WirewatchClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
        health = Mutex(StoreHealth(start: clock.now(), timeLimit: (store as? PostgresStore)?.timeLimit))
    }

    /// Nil while the store counts as up, else why not.
    func problem() -> String? {
        let now = clock.now()
        return health.withLock { $0.problem(now: now) }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var down = false
            while !Task.isCancelled {
                let now = clock.now()
                // One check at a time: one that hangs is waited out (it shows as the wait), not piled on.
                if health.withLock({ $0.asking == nil }) { ask(at: now) }
                let problem = health.withLock { $0.problem(now: now) }
                if let problem, !down {
                    logger.error("the store does not answer; /readyz says not ready until it does", metadata: ["reason": "\(problem)"])
                } else if problem == nil, down {
                    logger.notice("the store answers again; /readyz says ready")
                }
                down = problem != nil
                do { try await clock.sleep(until: now.addingTimeInterval(StoreHealth.period)) } catch { return }
            }
        }
    }

    /// Starts a check on a thread of its own, which records its outcome when it ends, however late.
    private func ask(at now: Date) {
        health.withLock { $0.began(at: now) }
        Thread.detachNewThread { [self] in
            let outcome = Result { try store.probe() }
            let done = clock.now()
            health.withLock { health in
                switch outcome {
                case .success: health.answered(at: done)
                case .failure(let error): health.failed("\(error)", at: done)
                }
            }
        }
    }
}
