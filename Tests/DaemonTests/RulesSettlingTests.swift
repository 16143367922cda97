import Testing
@testable import Daemon

/// When the rules watcher takes an edit, given what each check saw.
@Suite struct RulesSettlingTests {
    static let loaded = RulesFingerprint(entries: ["rules.d/a.yaml\t10"])
    static func edit(_ n: Int) -> RulesFingerprint { RulesFingerprint(entries: ["rules.d/a.yaml\t\(n)"]) }

    @Test func nothingChangedNeverReloads() {
        var settling = RulesSettling()
        for _ in 0..<20 { #expect(settling.observe(Self.loaded, loaded: Self.loaded, every: 2) == .wait) }
    }

    /// Seen once, then the same at the next check: taken then, not at first sight (a half-written save).
    @Test func anEditIsTakenOnceItLooksTheSameForOneCheck() {
        var settling = RulesSettling()
        #expect(settling.observe(Self.edit(1), loaded: Self.loaded, every: 2) == .wait)
        #expect(settling.observe(Self.edit(1), loaded: Self.loaded, every: 2) == .reload(reason: "rule files changed"))
    }

    /// Rewritten before every check: loaded as they are after `patience` checks, said once before, and again
    /// `patience` checks after that while the writes go on, so the rules in force are never more than that old.
    @Test func filesThatKeepChangingAreLoadedAfterABoundedWait() {
        var settling = RulesSettling(patience: 5)
        var steps: [RulesSettling.Step] = []
        var loaded = Self.loaded
        for n in 1...10 {
            let step = settling.observe(Self.edit(n), loaded: loaded, every: 2)
            if case .reload = step { loaded = Self.edit(n) }
            steps.append(step)
        }
        let forced = RulesSettling.Step.reload(reason: "rule files kept changing for 10s; loaded as they are")
        #expect(steps == [.wait, .stillChanging, .wait, .wait, forced, .wait, .stillChanging, .wait, .wait, forced])
    }

    /// A pause in the writes that lasts one check is a settled edit, and starts the count afresh.
    @Test func aSettledEditResetsTheCount() {
        var settling = RulesSettling(patience: 3)
        #expect(settling.observe(Self.edit(1), loaded: Self.loaded, every: 1) == .wait)
        #expect(settling.observe(Self.edit(2), loaded: Self.loaded, every: 1) == .stillChanging)
        #expect(settling.observe(Self.edit(2), loaded: Self.loaded, every: 1) == .reload(reason: "rule files changed"))
        #expect(settling.observe(Self.edit(3), loaded: Self.edit(2), every: 1) == .wait)
        #expect(settling.observe(Self.edit(4), loaded: Self.edit(2), every: 1) == .stillChanging)
        #expect(settling.observe(Self.edit(5), loaded: Self.edit(2), every: 1) == .reload(reason: "rule files kept changing for 3s; loaded as they are"))
    }

    /// Back to what is loaded (an edit undone) is no change, and no reload.
    @Test func anEditUndoneIsNotReloaded() {
        var settling = RulesSettling()
        #expect(settling.observe(Self.edit(1), loaded: Self.loaded, every: 2) == .wait)
        #expect(settling.observe(Self.loaded, loaded: Self.loaded, every: 2) == .wait)
        #expect(settling.observe(Self.loaded, loaded: Self.loaded, every: 2) == .wait)
    }
}
