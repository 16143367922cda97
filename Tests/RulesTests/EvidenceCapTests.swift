import Analysis
import Rules
import Testing
import WirewatchCore

/// `RuleBook.match` keeps at most 20 pieces of evidence per rule (what an
/// alert keeps), in document order, with every clause that held shown at
/// least once; `rules test RULE-ID` still shows all of it.
@Suite struct EvidenceCapTests {
    /// "alpha" 30 times, each in a sentence of its own, then `tail`.
    static func article(_ book: RuleBook, tail: String) -> MatchInput {
        let text = (0..<30).map { "Sentence \($0) has alpha." }.joined(separator: " ") + " " + tail
        return RuleTestSupport.input(book, title: "Title", text: text)
    }

    @Test func aRuleCarriesAtMostTwentySpansInDocumentOrder() throws {
        let book = try RuleTestSupport.book(["alpha"])
        let input = Self.article(book, tail: "The end.")
        let capped = try #require(book.match(input).first?.evidence)
        #expect(capped.count == 20)
        let all = try #require(book.match(input, rule: "r0")?.evidence)
        #expect(all.count == 30)
        #expect(capped == Array(all.prefix(20)))
        let starts = capped.map { $0.span[0] }
        #expect(starts == starts.sorted())
    }

    @Test func everyClauseThatHeldIsShownEvenPastTheCap() throws {
        let book = try RuleTestSupport.book(["alpha AND omega"])
        let input = Self.article(book, tail: "Finally omega.")
        let evidence = try #require(book.match(input).first?.evidence)
        #expect(evidence.count == 20)
        #expect(evidence.filter { $0.clause == "omega" }.count == 1)
        #expect(evidence.filter { $0.clause == "alpha" }.count == 19)
        // The document order holds across clauses: omega comes last.
        #expect(evidence.last?.clause == "omega")
    }

    @Test func topicEvidenceComesFirstAndSurvivesTheCap() throws {
        let book = try RuleTestSupport.book(["topic:model-distillation AND alpha"])
        let input = Self.article(book, tail: "It used knowledge distillation and distillation.")
        let evidence = try #require(book.match(input).first?.evidence)
        #expect(evidence.count == 20)
        #expect(evidence.first?.field == "topic")
        #expect(evidence.dropFirst().allSatisfy { $0.clause == "alpha" })
    }

    @Test func rulesSharingASpanKeepTheirOwnClause() throws {
        let book = try RuleTestSupport.book(["distilled", "distil*", "\"distilled from\""])
        let matches = book.match(RuleTestSupport.input(book, text: "It was distilled from others."))
        #expect(matches.map { $0.evidence.map(\.clause) } == [["distilled"], ["distil*"], ["\"distilled from\""]])
        #expect(matches.map { $0.evidence.map(\.match) } == [["distilled"], ["distilled"], ["distilled from"]])
    }

    /// A query written as a YAML block scalar keeps its line breaks; the clause an alert names is on one
    /// line (trial4 finding 36: `why[].clause` was "\"export\ncontrols\"").
    @Test func aClauseWrittenOverSeveralLinesIsNamedOnOne() throws {
        let yaml = "rules:\n  - id: blk\n    query: |\n      (DeepSeek OR\n         OpenAI) AND \"export\n      controls\"\n"
        let book = try RuleBook.compile([RuleFile(path: "t.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []).get()
        let matches = book.match(RuleTestSupport.input(book, text: "OpenAI backed export controls."))
        #expect(matches.first?.evidence.map(\.clause) == ["OpenAI", "\"export controls\""])
    }

    @Test func rulesSharingATopicKeepTheirOwnClauseAndThreshold() throws {
        let book = try RuleTestSupport.book(["topic:model-distillation>0 AND alpha", "topic:model-distillation>0.99 AND alpha",
                                             "topic:model-distillation>0 AND distilled"])
        let input = RuleTestSupport.input(book, text: "Alpha used knowledge distillation, and the model was distilled.")
        let matches = book.match(input)
        #expect(matches.map(\.rule.id) == ["r0", "r2"])
        let topics = matches.compactMap { $0.evidence.first }
        #expect(topics.map(\.clause) == ["topic:model-distillation>0", "topic:model-distillation>0"])
        #expect(topics.map(\.field) == ["topic", "topic"])
        #expect(topics[0].snippet == topics[1].snippet)
        #expect(topics[0].snippet.hasPrefix("score "))
        #expect(matches[1].evidence.last?.match == "distilled")
    }

    @Test func anEntityClauseWithATypeNeedsBothNameAndType() throws {
        let book = try RuleTestSupport.book(["entity:DeepSeek", "entity:ORG", "entity:PERSON AND entity:OpenAI"])
        let input = RuleTestSupport.input(book, text: "DeepSeek AI and OpenAI met in Paris.")
        let matches = book.match(input)
        #expect(matches.map(\.rule.id) == ["r0", "r1"])
        #expect(matches[0].evidence.map(\.match) == ["DeepSeek AI"])
        #expect(matches[1].evidence.map(\.match) == ["DeepSeek AI", "OpenAI"])
    }

    @Test func evidenceAtTheSameSpanKeepsTheQuerysOrder() throws {
        let book = try RuleTestSupport.book(["omega OR alpha OR alph*", "alph* OR alpha"])
        let matches = book.match(RuleTestSupport.input(book, text: "The alpha came before the omega."))
        #expect(matches.map { $0.evidence.map(\.clause) } == [["alpha", "alph*", "omega"], ["alph*", "alpha"]])
    }
}
