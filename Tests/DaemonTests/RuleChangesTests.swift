import Analysis
import Rules
import Testing
@testable import Daemon

/// The rule ids a reload's log line names as added, removed, edited, disabled and enabled.
@Suite struct RuleChangesTests {
    func rules(_ yaml: String) throws -> [WatchRule] {
        try RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: KnowledgeBase(), sinks: ["alert-log"]).get().rules
    }

    @Test func addedRemovedAndEdited() throws {
        let old = try rules("rules:\n  - id: a\n    query: x\n  - id: b\n    query: y\n  - id: c\n    query: z\n")
        let new = try rules("rules:\n  - id: a\n    query: x\n  - id: b\n    query: y AND w\n  - id: c\n    query: z\n    enabled: false\n  - id: d\n    query: v\n")
        let changes = RuleChanges(from: old, to: new)
        // c was only switched off: said as that, not as edited.
        #expect(changes.metadata == ["added": "d", "edited": "b", "disabled": "c"])
        #expect(RuleChanges(from: new, to: old).metadata == ["removed": "d", "edited": "b", "enabled": "c"])
        // Switched off and edited: both.
        let both = try rules("rules:\n  - id: a\n    query: x2\n    enabled: false\n  - id: b\n    query: y\n  - id: c\n    query: z\n")
        #expect(RuleChanges(from: old, to: both).metadata == ["edited": "a", "disabled": "a"])
        #expect(RuleChanges(from: old, to: old).metadata == [:])
    }

    @Test func manyAreCounted() throws {
        let many = try rules("rules:\n" + (1...8).map { "  - id: r\($0)\n    query: w\($0)\n" }.joined())
        #expect(RuleChanges(from: [], to: many).metadata == ["added": "r1,r2,r3,r4,r5,+3 more"])
        // The scheduler names the feeds a reload edited the same way.
        #expect(RuleChanges.list((1...8).map { "feed-\($0)" }) == "feed-1,feed-2,feed-3,feed-4,feed-5,+3 more")
    }
}
