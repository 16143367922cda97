import Rules
import Testing
import WirewatchCore

/// A query nested thousands deep crashed `wirewatch check` (and would have
/// crashed the daemon on reload) by overflowing the stack of the recursive
/// parser, compiler and evaluator. Nesting is capped; a run of stray tokens
/// is not nesting and is read in a loop.
@Suite struct QueryDepthTests {
    func errors(_ query: String) -> [String] {
        let yaml = "rules:\n  - id: a\n    query: '\(query)'\n"
        switch RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []) {
        case .success: return []
        case .failure(let d): return d.items.map(\.description)
        }
    }

    static func tooDeep(_ column: Int) -> [String] {
        ["r.yaml:3:\(column): rule 'a': the query nests more than 64 deep (parentheses, NOT, NEAR, SENTENCE); write it flatter: 'a AND b AND c' and 'a OR b OR c' need no parentheses"]
    }

    @Test func deepParentheses() {
        // The 65th '(' is at column 13 + 64.
        #expect(errors(String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)) == Self.tooDeep(77))
    }

    @Test func longNotChain() {
        // The chain is a slip said once, at its start; its depth, where it passes 64.
        #expect(errors(String(repeating: "NOT ", count: 3000) + "x AND y")
                == ["r.yaml:3:13: rule 'a': 'NOT NOT' excludes the exclusion, so it requires what follows; write one 'NOT' to exclude it, or neither to require it"]
                + Self.tooDeep(13 + 64 * 4))
    }

    @Test func longNearChain() {
        // "x NEAR/1 " is 9 characters; the 65th NEAR/1 starts 2 characters into the 65th.
        #expect(errors(String(repeating: "x NEAR/1 ", count: 3000) + "y") == Self.tooDeep(13 + 64 * 9 + 2))
    }

    @Test func deepSentences() {
        #expect(errors(String(repeating: "SENTENCE(", count: 2000) + "a, b" + String(repeating: ")", count: 2000)) == Self.tooDeep(13 + 64 * 9))
    }

    @Test func runsOfStrayTokensAreEachReported() {
        let strays = errors("x " + String(repeating: ")", count: 20000))
        #expect(strays.count == 20000)
        #expect(strays.first == "r.yaml:3:15: rule 'a': unbalanced ')': no '(' opens it; remove it or add a '(' before it")
        let ands = errors(String(repeating: "AND ", count: 20000) + "x")
        #expect(ands.count == 20000)
        #expect(ands.first == "r.yaml:3:13: rule 'a': 'AND' needs a clause on its left; put a word or phrase before it")
    }

    /// At the cap, a query compiles and matches.
    @Test func sixtyFourDeepStillMatches() throws {
        let deep = String(repeating: "(", count: 63) + "NOT weather x" + String(repeating: ")", count: 63)
        #expect(errors(deep) == [])
        let book = try RuleTestSupport.book([deep, String(repeating: "x NEAR/1 ", count: 64) + "x"])
        let input = RuleTestSupport.input(book, text: String(repeating: "x ", count: 70))
        #expect(book.match(input).map(\.rule.id) == ["r0", "r1"])
    }
}
