import Analysis
import Rules
import Testing
import WirewatchCore

/// The term index only skips rules that cannot hold: over many random rules
/// and articles, matching through the index gives exactly what evaluating
/// every rule on its own gives.
@Suite struct TermIndexAgreementTests {
    /// A seeded xorshift: the same rules and articles on every run.
    struct XorShift {
        var state: UInt64
        mutating func int(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    static let vocabulary = ["china", "tariffs", "export", "controls", "chips", "distilled", "distillation", "model", "models",
                             "OpenAI", "Microsoft", "DeepSeek", "Beijing", "security", "national", "soybeans", "outputs", "trained"]

    static func clause(_ r: inout XorShift, depth: Int) -> String {
        let w = { (r: inout XorShift) in r.pick(vocabulary) }
        switch depth > 2 ? r.int(5) : r.int(11) {
        case 0, 1: return w(&r)
        case 2: return "\"\(w(&r)) \(w(&r))\""
        case 3: return String(w(&r).prefix(4)) + "*"
        case 4: return r.pick(["entity:DeepSeek", "entity:Beijing", "entity:ORG", "topic:model-distillation", "topic:export-controls>0.3", "title:\(w(&r))"])
        case 5: return "(\(clause(&r, depth: depth + 1)) OR \(clause(&r, depth: depth + 1)))"
        case 6: return "\(clause(&r, depth: depth + 1)) AND \(clause(&r, depth: depth + 1))"
        case 7: return "\(clause(&r, depth: depth + 1)) -\(w(&r))"
        case 8: return "\(w(&r)) \(r.pick(["NEAR", "ONEAR"]))/\(r.int(4)) \"\(w(&r)) * \(w(&r))\""
        case 9: return "SENTENCE(\(w(&r)), \(w(&r)) OR \(w(&r)))"
        default: return "\"\(w(&r)) * \(w(&r))\""
        }
    }

    @Test func indexAgreesWithEvaluatingEveryRule() throws {
        var r = XorShift(state: 42)
        let queries = (0..<400).map { _ in Self.clause(&r, depth: 0) }
        let book = try RuleTestSupport.book(queries)
        var fired = 0
        for _ in 0..<60 {
            let sentences = (0..<(3 + r.int(5))).map { _ in
                (0..<(4 + r.int(9))).map { _ in r.int(4) == 0 ? r.pick(["the", "a", "of", "and"]) : r.pick(Self.vocabulary) }
                    .joined(separator: " ").capitalizedFirst + "."
            }
            let input = RuleTestSupport.input(book, title: r.pick(Self.vocabulary).capitalizedFirst + " news", text: sentences.joined(separator: " "))
            let indexed = book.match(input)
            let all = book.matchEveryRule(input)
            #expect(indexed.map(\.rule.id) == all.map(\.rule.id), "article: \(input.analysis.text)")
            #expect(indexed.map(\.evidence) == all.map(\.evidence), "article: \(input.analysis.text)")
            fired += indexed.count
        }
        #expect(fired > 100, "the random rules should fire often enough to test something")
    }

    /// A rule is posted under its most selective requirement only; the
    /// other is checked from the posting. Both must be present for the rule
    /// to be evaluated at all, whether the other is one key or several.
    @Test func theSecondRequirementFiltersToo() throws {
        let book = try RuleTestSupport.book(["entity:DeepSeek AND (soybeans OR tariffs)", "entity:DeepSeek AND topic:export-controls>0"])
        func evaluated(_ text: String) -> Int { book.candidateCount(RuleTestSupport.input(book, text: text)) }
        #expect(evaluated("DeepSeek released a model.") == 0)
        #expect(evaluated("Soybeans and export controls, said nobody.") == 0)
        #expect(evaluated("DeepSeek bought soybeans.") == 1)
        #expect(evaluated("DeepSeek and tariffs.") == 1)
        #expect(evaluated("DeepSeek and export controls on tariffs.") == 2)
    }

    /// Rules filed under the same key are compiled side by side, out of file
    /// order; matches still come in file order, and each rule is tested and
    /// explained by its id, disabled ones too.
    @Test func matchesComeInFileOrderWhereverARuleIsCompiled() throws {
        let yaml = """
        rules:
          - id: deepseek-model
            query: entity:DeepSeek AND model
          - id: trade
            query: tariffs AND soybeans
          - id: off
            query: entity:DeepSeek AND tariffs
            enabled: false
          - id: deepseek-chips
            query: entity:DeepSeek AND chips
          - id: soy
            query: soybeans
          - id: tariffs-or-model
            query: tariffs OR model
        """
        let book = try RuleBook.compile([RuleFile(path: "t.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []).get()
        let input = RuleTestSupport.input(book, text: "DeepSeek trained a model on chips, tariffs and soybeans.")
        let order = ["deepseek-model", "trade", "deepseek-chips", "soy", "tariffs-or-model"]
        #expect(book.match(input).map(\.rule.id) == order)
        #expect(book.matchEveryRule(input).map(\.rule.id) == order)
        #expect(book.match(input, rule: "off")?.rule.id == "off")
        let other = RuleTestSupport.input(book, text: "Tariffs on soybeans.")
        #expect(book.match(other).map(\.rule.id) == ["trade", "soy", "tariffs-or-model"])
        #expect(book.match(other, rule: "deepseek-chips") == nil)
        #expect(book.explain(other, rule: "deepseek-chips")?.held == false)
        #expect(book.explain(other, rule: "trade")?.held == true)
        #expect(book.explain(other, rule: "trade")?.clause == "tariffs AND soybeans")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
