import Delivery
import Foundation
import Synchronization
import Testing
import TestSupport

/// A delivery worker with nothing due waits on the doorbell for at most a second, then looks
/// again: what failed is retried then, even when no new alert rings.
@Suite struct DoorbellTests {
    /// Each wait's timer must end that wait, whichever of the timer and the wait is scheduled
    /// first. A wait whose timer went off before it was parked stayed parked until some later ring:
    /// on a loaded machine a worker slept through the retry of an alert log whose disk had space again.
    @Test func aWaitEndsWhenItsTimeIsUpHoweverItsTasksAreScheduled() async {
        let bell = Doorbell()
        let waits = Count()
        let waiter = Task {
            for _ in 0..<20_000 {
                await bell.wait(seconds: 0)
                waits.add()
            }
        }
        #expect(await reaches(20_000) { waits.value }, "a wait did not end: \(waits.value) ended")
        // Let a wait stuck on the old fault go, so that the test ends.
        while waits.value < 20_000 { await bell.ring(); await Task.yield() }
        await waiter.value
    }

    /// Another worker's timer does not end this one's wait early, nor does it leave this one parked.
    @Test func twoWaitersEachEndByTheirOwnTimer() async {
        let bell = Doorbell()
        let waits = Count()
        let waiters = (0..<2).map { _ in
            Task {
                for _ in 0..<10_000 {
                    await bell.wait(seconds: 0)
                    waits.add()
                }
            }
        }
        #expect(await reaches(20_000) { waits.value }, "a wait did not end: \(waits.value) ended")
        while waits.value < 20_000 { await bell.ring(); await Task.yield() }
        for w in waiters { await w.value }
    }

    @Test func aRingEndsAWaitAndIsKeptForTheNextWhenNobodyWaits() async {
        let bell = Doorbell()
        await bell.ring()
        // Rung before the wait: it returns at once, without its hour.
        await bell.wait(seconds: 3_600)
        let ended = Count()
        let waiter = Task { await bell.wait(seconds: 3_600); ended.add() }
        #expect(await eventually { await bell.ring(); return ended.value == 1 })
        await waiter.value
    }
}

/// Waits ended, counted from the waiting tasks. The tests above ask that the count keeps moving, not
/// that it gets there by a deadline: under a loaded `make test` 20,000 waits took more than 60 s.
final class Count: Sendable {
    private let n = Atomic<Int>(0)
    func add() { n.add(1, ordering: .relaxed) }
    var value: Int { n.load(ordering: .relaxed) }
}
