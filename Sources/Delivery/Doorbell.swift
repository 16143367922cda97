/// Wakes a waiting delivery loop when new alerts are committed, so delivery
/// does not wait for its next poll.
public actor Doorbell {
    private var rung = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    public init() {}

    public func ring() {
        if waiters.isEmpty { rung = true; return }
        let w = waiters
        waiters.removeAll()
        for c in w.values { c.resume() }
    }

    /// Returns when rung (now or since the last wait), or after `seconds`.
    ///
    /// The wait is parked before its timer can fire, and the timer ends this wait only: a timer
    /// that fired before its wait was parked (a loaded machine runs the two tasks in either order)
    /// left the wait parked until some later ring, and the worker slept through its retries.
    public func wait(seconds: Double) async {
        if rung { rung = false; return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                await self.timeUp(id)
            }
            // On the actor with no suspension before the waiter is registered: the timer's
            // `timeUp` runs on the actor too, so it finds the waiter there.
            await withCheckedContinuation { waiters[id] = $0 }
            group.cancelAll()
        }
    }

    private func timeUp(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
