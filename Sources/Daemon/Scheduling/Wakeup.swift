import Foundation
import Synchronization
import WirewatchCore

/// Lets the scheduler sleep until its next deadline on the injected clock,
/// yet wake at once when something changes (a reload, a shutdown).
final class Wakeup: Sendable {
    private struct State {
        var rung = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    /// Wakes the current waiter, or the next one if none waits now.
    func ring() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty { s.rung = true; return [] }
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for w in waiters { w.resume() }
    }

    /// Returns at `deadline`, when rung, or when the task is cancelled.
    func wait(until deadline: Date, clock: any WirewatchClock) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await self.park() }
            await group.next()
            group.cancelAll()
        }
    }

    private func park() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if Task.isCancelled { return true }
                    if s.rung { s.rung = false; return true }
                    s.waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
