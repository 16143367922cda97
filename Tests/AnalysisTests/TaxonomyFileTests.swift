import Analysis
import Testing
import WirewatchCore

/// The taxonomy is read as a rule file's topics are: each problem at its file, line and column, none passed over.
@Suite struct TaxonomyFileTests {
    func problem(_ yaml: String) -> String? {
        do { _ = try KnowledgeBase.parseTaxonomy(yaml, file: "t.yaml"); return nil } catch { return "\(error)" }
    }

    @Test(arguments: [
        // Passed over before: a misspelt key (the weight was 1), a weight that is no number (1), a term of no known shape (dropped).
        ("topics:\n  - id: ports\n    terms:\n      - {term: harbour, wieght: 2}\n",
         "t.yaml:4:25: unknown key 'wieght' in a term of topic 'ports'; did you mean 'weight'?"),
        ("topics:\n  - id: ports\n    terms:\n      - {term: harbour, weight: heavy}\n",
         "t.yaml:4:33: topic 'ports': the weight of term 'harbour' must be a number above 0 and at most 10 (got 'heavy'); the shipped taxonomy weighs terms 0.5 to 2.5"),
        ("topics:\n  - id: ports\n    terms:\n      - {word: harbour}\n",
         "t.yaml:4:10: unknown key 'word' in a term of topic 'ports'; expected one of term, weight, near, within, unless"),
        ("topics:\n  - id: ports\n    nmae: Ports\n    terms: [harbour]\n",
         "t.yaml:3:5: unknown key 'nmae' in a topic; did you mean 'name'?"),
        ("topics:\n  - id: ports\n    terms: [h*]\n",
         "t.yaml:3:13: topic 'ports': term 'h*' would match nearly everything; put at least 2 letters before '*'"),
        ("topics:\n  - id: ports\n    terms: [harbour]\n  - id: ports\n    terms: [dock]\n",
         "t.yaml:4:5: topic 'ports' is defined twice (first defined at t.yaml:2); define it once, with all its terms"),
        ("topic:\n  - id: ports\n", "t.yaml:1:1: unknown key 'topic' in a taxonomy; did you mean 'topics'?"),
        ("topics:\n  - id: x\n    terms: [{near: [[a]]}]\n",
         "t.yaml:3:20: 'near' in topic 'x' must be two lists of words, as in near: [[curb*, ban*], [export*]] (got 1)"),
    ])
    func aProblemIsSaidWhereItIs(yaml: String, expected: String) {
        #expect(problem(yaml) == expected)
    }

    @Test func theShippedTaxonomyReads() throws {
        let path = #filePath.components(separatedBy: "/Tests/")[0] + "/Config/taxonomy.yaml"
        let topics = try KnowledgeBase.parseTaxonomy(String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(topics.count >= 30)
        #expect(topics.contains { $0.id == "export-controls" && $0.terms.contains { $0.text == "export controls" && $0.weight > 1 } })
    }
}
