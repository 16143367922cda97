import Foundation
import Testing
@testable import Delivery

/// A worker waits for its next retry to fall due, not for its next look a second later (which rounded every
/// retry's delay up to whole seconds, never under one: the jitter drawn below `initial: 1s` was lost).
@Suite struct RetryWakeupsTests {
    let now = Date(timeIntervalSince1970: 1_764_403_200)

    @Test func theWaitIsUntilTheSoonestRetryAtMostTheLook() {
        let wakeups = RetryWakeups()
        #expect(wakeups.wait(now: now, atMost: 1) == 1)
        for offset in [0.7, 0.25, 3, 0.5] { wakeups.add(now.addingTimeInterval(offset)) }
        #expect(wakeups.wait(now: now, atMost: 1) == 0.25)
        // Woken at 0.25 s: that retry is due (the look after the wait finds it), so no wait; then the next, 0.5 s.
        #expect(wakeups.wait(now: now.addingTimeInterval(0.25), atMost: 1) == 0)
        #expect(wakeups.wait(now: now.addingTimeInterval(0.25), atMost: 1) == 0.25)
        // Past both 0.5 and 0.7: no wait, and then the one at 3 s, beyond the look: the look's second.
        #expect(wakeups.wait(now: now.addingTimeInterval(0.8), atMost: 1) == 0)
        #expect(wakeups.wait(now: now.addingTimeInterval(0.8), atMost: 1) == 1)
        #expect(abs(wakeups.wait(now: now.addingTimeInterval(2.5), atMost: 1) - 0.5) < 1e-9)
    }

    @Test func onlyTheSoonestAreKept() {
        let wakeups = RetryWakeups()
        for i in (0..<(RetryWakeups.capacity + 10)).reversed() { wakeups.add(now.addingTimeInterval(1 + Double(i) / 1000)) }
        #expect(wakeups.wait(now: now, atMost: 5) == 1)
        // The latest ten were dropped: past the kept ones, nothing is waited for but the look.
        #expect(wakeups.wait(now: now.addingTimeInterval(1 + Double(RetryWakeups.capacity) / 1000), atMost: 5) == 0)
        #expect(wakeups.wait(now: now.addingTimeInterval(1 + Double(RetryWakeups.capacity) / 1000), atMost: 5) == 5)
    }
}
