import Analysis
import Testing
@testable import Rules

/// A bare `topic:x` asks for the score at which an editor would mark the
/// topic (`TopicClause.defaultMinScore`), not for any mention: one passing
/// mention in a long article is not the article's topic.
struct TopicThresholdTests {
    /// About 300 words with nothing of any topic, so that the scorer weighs
    /// evidence as in a full-length article.
    static let filler = Array(repeating: "The committee met on Tuesday and the members spoke about the harbour, the budget and the weather.", count: 18)
        .joined(separator: " ")
    static let oneMention = filler + " Officials said export controls were not discussed."
    static let twoTerms = filler + " Officials said export controls and chip curbs were discussed."

    private func score(_ book: RuleBook, _ text: String) -> Double? {
        RuleTestSupport.input(book, title: "Council meeting", text: text).analysis.topics.first { $0.id == "export-controls" }?.score
    }

    private func fires(_ query: String, _ text: String) throws -> Bool {
        let book = try RuleTestSupport.book([query])
        let input = RuleTestSupport.input(book, title: "Council meeting", text: text)
        let fired = !book.match(input).isEmpty
        #expect(fired == !book.matchEveryRule(input).isEmpty, "the index must agree with evaluating every rule")
        return fired
    }

    @Test func theScoresThisTestReliesOn() throws {
        let book = try RuleTestSupport.book(["harbour"])
        let one = try #require(score(book, Self.oneMention)), two = try #require(score(book, Self.twoTerms))
        #expect(one > 0 && one < TopicClause.defaultMinScore)
        #expect(two >= TopicClause.defaultMinScore)
    }

    @Test func aPassingMentionIsNotTheTopic() throws {
        #expect(try !fires("topic:export-controls", Self.oneMention))
        #expect(try !fires("topic:export-controls AND harbour", Self.oneMention))
    }

    @Test func twoOfItsTermsAreTheTopic() throws {
        #expect(try fires("topic:export-controls", Self.twoTerms))
    }

    @Test func anExplicitThresholdIsKept() throws {
        #expect(try fires("topic:export-controls>0", Self.oneMention))
        #expect(try fires("topic:export-controls>0.2", Self.oneMention))
        #expect(try !fires("topic:export-controls>0.9", Self.twoTerms))
        #expect(try !fires("topic:export-controls>0", Self.filler))
    }

    @Test func aRuleWithAnyMentionAndOneWithTheDefaultShareTheTopic() throws {
        let book = try RuleTestSupport.book(["topic:export-controls", "topic:export-controls>0 AND harbour"])
        let input = RuleTestSupport.input(book, title: "Council meeting", text: Self.oneMention)
        #expect(book.match(input).map(\.rule.id) == ["r1"])
    }

    /// The index files a topic once per threshold: a rule whose threshold
    /// the article's score misses is not even evaluated, whatever other
    /// rules ask of the same topic.
    @Test func theIndexFiltersByEachRulesOwnThreshold() throws {
        let book = try RuleTestSupport.book(["harbour AND topic:export-controls", "harbour AND topic:export-controls>0.2"])
        let input = RuleTestSupport.input(book, title: "Council meeting", text: Self.oneMention)
        #expect(book.candidateCount(input) == 1)
        #expect(book.match(input).map(\.rule.id) == ["r1"])
    }

    @Test func explanationSaysWhatABareTopicNeeds() throws {
        let book = try RuleTestSupport.book(["topic:export-controls"])
        let input = RuleTestSupport.input(book, title: "Council meeting", text: Self.oneMention)
        let why = try #require(book.explain(input, rule: "r0"))
        #expect(!why.held)
        #expect(why.detail.hasSuffix("is below 0.35 (a topic without a threshold needs 0.35; write topic:export-controls>0 for any mention)"))
    }
}
