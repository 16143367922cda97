import Rules
import Testing

/// A NEAR or ONEAR whose operands both occur and do not hold says how near they come, and shows them when
/// they are a few words apart: "never within 0 words" alone hid the "'s" counted as a word, and a title word
/// beside the text's first word, which NEAR does not join.
@Suite struct NearMissExplanationTests {
    func line(_ query: String, title: String = "", text: String) throws -> String {
        let book = try RuleTestSupport.book([query])
        let explanation = try #require(book.explain(RuleTestSupport.input(book, title: title, text: text), rule: "r0"))
        #expect(!explanation.held)
        return explanation.lines()[0]
    }

    @Test func theNearestAreShownWhenAFewWordsApart() throws {
        #expect(try line("OpenAI NEAR/0 models", text: "OpenAI's models were fine.")
            == "✗ OpenAI NEAR/0 models — both occur, but never within 0 words: the nearest are 1 word apart ('OpenAI's models')")
        // Either order, for NEAR.
        #expect(try line("models NEAR/1 OpenAI", text: "OpenAI said on Monday its models were fine.")
            == "✗ models NEAR/1 OpenAI — both occur, but never within 1 word: the nearest are 4 words apart ('OpenAI said on Monday its models')")
    }

    @Test func farApartTheyAreCountedNotShown() throws {
        let text = "OpenAI said on Monday, after a long week of talks with its partners and its investors, that the models were fine."
        #expect(try line("OpenAI NEAR/5 models", text: text) == "✗ OpenAI NEAR/5 models — both occur, but never within 5 words: the nearest are 17 words apart")
    }

    @Test func onearInTheOtherOrderOnly() throws {
        #expect(try line("models ONEAR/3 OpenAI", text: "OpenAI's models were fine.") == "✗ models ONEAR/3 OpenAI — both occur, but never in this order")
    }

    /// A word only in the title and one only in the text: NEAR counts within one of them.
    @Test func theTitleAndTheTextAreNeverJoined() throws {
        #expect(try line("Nvidia NEAR/5 export", title: "Chips from Nvidia", text: "Export rules tighten for everyone.")
            == "✗ Nvidia NEAR/5 export — both occur, but never in one part: one only in the title, the other only in the text, "
            + "and NEAR counts words within the title or within the text")
        #expect(try line("rules NEAR/1 Nvidia", title: "Chips from Nvidia", text: "Export rules tighten. Later, Nvidia said the export rules were hard.")
            == "✗ rules NEAR/1 Nvidia — both occur, but never within 1 word: the nearest are 2 words apart ('rules tighten. Later, Nvidia'); "
            + "across the title's end they are within 1 word, but NEAR does not count across it")
    }
}
