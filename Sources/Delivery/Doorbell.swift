/// Wakes a waiting delivery loop when new alerts are committed, so delivery
/// does not wait for its next poll.
public actor Doorbell {
    private var rung = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func ring() {
        if waiters.isEmpty { rung = true; return }
        let w = waiters
        waiters.removeAll()
        for c in w { c.resume() }
    }

    /// Returns when rung (now or since the last wait), or after `seconds`.
    public func wait(seconds: Double) async {
        if rung { rung = false; return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park() }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); await self.ring() }
            await group.next()
            group.cancelAll()
        }
        rung = false
    }

    private func park() async {
        await withCheckedContinuation { waiters.append($0) }
    }
}
