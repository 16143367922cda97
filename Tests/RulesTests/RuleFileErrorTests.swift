import Analysis
import Rules
import Testing
import WirewatchCore

@Suite struct RuleFileErrorTests {
    func errors(_ yaml: String, sinks: Set<String> = ["alert-log"]) -> [String] {
        switch RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: KnowledgeBase(), sinks: sinks) {
        case .success: return []
        case .failure(let d): return d.items.map(\.description)
        }
    }

    @Test func emptyQuery() {
        #expect(errors("rules:\n  - id: a\n    query: ''\n") == ["r.yaml:3:13: rule 'a': empty query"])
    }

    @Test func unbalancedParenthesisPointsAtIt() {
        #expect(errors("rules:\n  - id: a\n    query: (DeepSeek OR x\n") == ["r.yaml:3:12: rule 'a': unbalanced '(': no ')' closes it in query \"(DeepSeek OR x\""])
    }

    @Test func wildcardTooShort() {
        #expect(errors("rules:\n  - id: a\n    query: 'a*'\n").first?.contains("would match nearly everything") == true)
    }

    @Test func unknownFieldHasHint() {
        #expect(errors("rules:\n  - id: a\n    query: 'titel:x'\n").first?.contains("unknown field 'titel:'; did you mean 'title:'?") == true)
    }

    @Test func unknownKeyHasHint() {
        #expect(errors("rules:\n  - id: a\n    query: x\n    severty: high\n") == ["r.yaml:4:5: unknown key 'severty' in a rule; did you mean 'severity'?"])
    }

    @Test func duplicateIdsAcrossFiles() {
        let a = RuleFile(path: "a.yaml", text: "rules:\n  - id: x\n    query: y\n")
        let b = RuleFile(path: "b.yaml", text: "rules:\n  - id: x\n    query: z\n")
        guard case .failure(let d) = RuleBook.compile([a, b], base: KnowledgeBase(), sinks: []) else { Issue.record("expected failure"); return }
        #expect(d.items.map(\.description) == ["b.yaml:2:5: duplicate rule id 'x' (first defined at a.yaml:2)"])
    }
}
