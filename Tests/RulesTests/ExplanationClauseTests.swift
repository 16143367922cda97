import Rules
import Testing

/// An explanation names every clause as written, compound ones rebuilt from
/// their parts (the compiled rules keep only the texts of the clauses that
/// evidence names).
@Suite struct ExplanationClauseTests {
    @Test func compoundClausesAreWrittenBackFromTheirParts() throws {
        let book = try RuleTestSupport.book([#""export control*" AND (China OR -Beijing) AND NOT (tariff OR (quota AND steel)) AND SENTENCE(chips, entity:US)"#])
        let input = RuleTestSupport.input(book, text: "Export controls on chips to the US. China answered.")
        let explanation = try #require(book.explain(input, rule: "r0"))
        func clauses(_ e: RuleExplanation) -> [String] { [e.clause] + e.children.flatMap(clauses) }
        #expect(clauses(explanation) == [
            #""export control*" AND (China OR NOT Beijing) AND NOT (tariff OR (quota AND steel)) AND SENTENCE(chips, entity:US)"#,
            #""export control*""#,
            "China OR NOT Beijing", "China", "NOT Beijing", "Beijing",
            "NOT (tariff OR (quota AND steel))", "tariff OR (quota AND steel)", "tariff", "quota AND steel", "quota", "steel",
            "SENTENCE(chips, entity:US)", "chips", "entity:US",
        ])
        #expect(explanation.held)
    }

    /// `NOT (NOT x)` is read as what it requires, `x`, and explained so (never as `NOT NOT x`, a query check
    /// refuses). A NEAR/1 that holds says "within 1 word".
    @Test func aDoubleNotIsExplainedAsWhatItRequiresAndOneWordIsSingular() throws {
        let book = try RuleTestSupport.book(["DeepSeek AND NOT (NOT weather) AND DeepSeek NEAR/1 models"])
        let input = RuleTestSupport.input(book, text: "DeepSeek models and the weather.")
        let explanation = try #require(book.explain(input, rule: "r0"))
        func all(_ e: RuleExplanation) -> [RuleExplanation] { [e] + e.children.flatMap(all) }
        #expect(all(explanation).map(\.clause).prefix(3) == ["DeepSeek AND weather AND DeepSeek NEAR/1 models", "DeepSeek", "weather"],
                "\(all(explanation).map(\.clause))")
        #expect(!all(explanation).map(\.clause).contains { $0.contains("NOT NOT") })
        #expect(all(explanation).contains { $0.clause == "DeepSeek NEAR/1 models" && $0.detail.hasSuffix("within 1 word") }, "\(all(explanation).map(\.detail))")
    }

    /// `entity:Beijing` (the dateline city or China) is explained and evidenced as written, one clause.
    @Test func aNameOfSeveralEntitiesIsOneClause() throws {
        let book = try RuleTestSupport.book(["entity:Beijing AND (entity:Washington OR chips)"])
        let input = RuleTestSupport.input(book, text: "BEIJING (Reuters) - Officials in Beijing said Washington imposed sanctions.")
        let explanation = try #require(book.explain(input, rule: "r0"))
        #expect(explanation.lines() == [
            "✓ entity:Beijing AND (entity:Washington OR chips) — all hold",
            "    ✓ entity:Beijing — 2 mentions",
            "    ✓ entity:Washington OR chips — holds: entity:Washington",
            "        ✓ entity:Washington — 1 mention",
            "        ✗ chips — not found",
        ])
        let match = try #require(book.match(input).first)
        #expect(match.evidence.map(\.clause) == ["entity:Beijing", "entity:Beijing", "entity:Washington"])
    }

    /// A phrase that fails names the words of it the article does not have, or says it has them all: "not found"
    /// alone left the operator to find that the "'s" of `"OpenAI's models"` is a word.
    @Test func aPhraseSaysWhichOfItsWordsAreNotThere() throws {
        let book = try RuleTestSupport.book([#""OpenAI's models""#, #""models OpenAI""#, #"title:"export control*""#])
        let input = RuleTestSupport.input(book, title: "Chips from Nvidia", text: "OpenAI models were fine. Export controls tighten.")
        func line(_ rule: String) throws -> String { try #require(book.explain(input, rule: rule)).lines()[0] }
        #expect(try line("r0") == #"✗ "OpenAI's models" — not found; its word 's' is not there"#)
        #expect(try line("r1") == #"✗ "models OpenAI" — not found; its words are each there, but never together in this order"#)
        #expect(try line("r2") == #"✗ title:"export control*" — not found in the title; its words 'export', 'control*' are not there"#)
    }

    /// A case-sensitive term the article has in another case says how it is written, not only "not found".
    @Test func aCaseSensitiveTermSaysHowTheArticleWritesIt() throws {
        let book = try RuleTestSupport.book([#"case:"US" AND chips"#, #"case:"EU""#])
        let input = RuleTestSupport.input(book, text: "Let us talk about chips. Us and them, said us.")
        let us = try #require(book.explain(input, rule: "r0")?.children.first)
        #expect(us.detail == "not found as written; the article writes US as 'us', 'Us' (a case: term matches only as written)")
        #expect(book.explain(input, rule: "r1")?.detail == "not found")
        // A phrase that fails on its other word does not name its anchor's own spelling.
        let pay = try RuleTestSupport.book([#"case:"Apple Pay""#])
        #expect(pay.explain(RuleTestSupport.input(pay, text: "She uses Apple pay now."), rule: "r0")?.detail == "not found")
    }

    /// A phrase whose words stand in order across a sentence's or a cell's end says so, not only "not found".
    @Test func aPhraseAcrossASentenceEndSaysWhereItsWordsAre() throws {
        let book = try RuleTestSupport.book([#""donald trump""#])
        let across = "; its words are there in order, but not in one sentence"
        #expect(book.explain(RuleTestSupport.input(book, text: "<p>He met Donald. Trump Tower is closed.</p>"), rule: "r0")?.detail
                == "not found\(across) ('Donald. Trump'), and a phrase stays inside one sentence")
        #expect(book.explain(RuleTestSupport.input(book, text: "<table><tr><td>Donald</td><td>Trump</td></tr></table>"), rule: "r0")?.detail
                == "not found\(across) ('Donald ¶ Trump'), and a phrase stays inside one sentence")
        // Apart in one sentence, the words are not in order across an end: only there, never together.
        #expect(book.explain(RuleTestSupport.input(book, text: "<p>Donald Duck met Ivana Trump.</p>"), rule: "r0")?.detail
                == "not found; its words are each there, but never together in this order")
    }

    /// A term whose words are joined (`AT&T`, `深度求索`) says where its words stand in order but apart: "never
    /// together in this order" was untrue of "at T-Mobile".
    @Test func aJoinedTermFoundApartSaysSo() throws {
        let book = try RuleTestSupport.book(["AT&T", "深度求索"])
        let joins = "but not joined as the term writes them (by '&', or characters side by side)"
        #expect(book.explain(RuleTestSupport.input(book, text: "He works at T-Mobile."), rule: "r0")?.detail
                == "not found; its words are there in order ('at T'), \(joins)")
        #expect(book.explain(RuleTestSupport.input(book, text: "研究深度，求索精神。"), rule: "r1")?.detail
                == "not found; its words are there in order ('深度，求索'), \(joins)")
    }
}

extension ExplanationClauseTests {
    /// A term that fails where the article has another form of its word says so, and what matches every form:
    /// "not found" alone hid that a rule's words are whole words (exploratory finding of stop 32).
    @Test func aWordInAnotherFormSaysWhatWouldMatchIt() throws {
        let book = try RuleTestSupport.book(["sanction", #""export control""#, "policy", "sanction*", "quota"])
        let input = RuleTestSupport.input(book, text: "New sanctions on sanctioned firms. Export controls and policies.")
        #expect(book.explain(input, rule: "r0")?.detail
                == "not found; the article has 'sanctions', 'sanctioned' for sanction (sanction* matches every form), and a rule's words match whole words")
        #expect(book.explain(input, rule: "r1")?.detail
                == "not found; its word 'control' is not there; the article has 'controls' for control (control* matches every form), and a rule's words match whole words")
        #expect(book.explain(input, rule: "r2")?.detail
                == "not found; the article has 'policies' for policy (polic* matches every form), and a rule's words match whole words")
        #expect(book.explain(input, rule: "r3")?.held == true)
        #expect(book.explain(input, rule: "r4")?.detail == "not found")
    }
}
