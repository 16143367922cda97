import Analysis
import Rules
import Testing
import WirewatchCore

/// Evidence at the edges of what is cut: the first and last words of the
/// title and the body, a span across a line break, a snippet window whose
/// edge falls inside a character of several bytes, a topic's evidence
/// longer than a snippet.
@Suite struct EvidenceEdgeTests {
    @Test(arguments: [("DeepSeek leads the week", 0), ("The week belongs to DeepSeek", 20)])
    func aMatchAtTheStartOrEndOfTheTitle(title: String, at offset: Int) throws {
        let book = try RuleTestSupport.book(["DeepSeek"])
        let e = try #require(book.match(RuleTestSupport.input(book, title: title, text: "Nothing else here.")).first?.evidence.first)
        #expect(e == AlertRecord.Evidence(clause: "DeepSeek", field: "title", span: [offset, offset + 8], match: "DeepSeek", snippet: title))
    }

    @Test(arguments: [("DeepSeek leads the week.", 0), ("The week belongs to DeepSeek", 20)])
    func aMatchAtTheStartOrEndOfTheBody(text: String, at offset: Int) throws {
        let book = try RuleTestSupport.book(["DeepSeek"])
        let e = try #require(book.match(RuleTestSupport.input(book, title: "A title", text: text)).first?.evidence.first)
        #expect(e == AlertRecord.Evidence(clause: "DeepSeek", field: "text", span: [offset, offset + 8], match: "DeepSeek", snippet: text))
    }

    @Test func aMatchAtTheStartAndEndOfALongBodyIsCutOnOneSideOnly() throws {
        let filler = Array(repeating: "lorem ipsum dolor", count: 30).joined(separator: " ")
        let book = try RuleTestSupport.book(["DeepSeek"])
        let evidence = try #require(book.match(RuleTestSupport.input(book, title: "T", text: "DeepSeek " + filler + " DeepSeek")).first?.evidence)
        #expect(evidence.count == 2)
        #expect(evidence[0].snippet.hasPrefix("DeepSeek lorem") && evidence[0].snippet.hasSuffix("…"))
        #expect(evidence[1].snippet.hasPrefix("…") && evidence[1].snippet.hasSuffix("dolor DeepSeek"))
        #expect(evidence.allSatisfy { $0.match == "DeepSeek" && $0.snippet.unicodeScalars.count <= 160 })
    }

    @Test func aSpanAcrossALineBreakReadsAsOneLine() throws {
        let book = try RuleTestSupport.book(["DeepSeek NEAR/3 chips"])
        let input = RuleTestSupport.input(book, title: "T", text: "<p>Shares of DeepSeek<br>chips rose.</p>")
        #expect(input.analysis.text.contains("DeepSeek\nchips"))
        let e = try #require(book.match(input).first?.evidence.first)
        #expect(e.match == "DeepSeek chips")
        #expect(e.snippet == "Shares of DeepSeek chips rose.")
        #expect(e.span[1] - e.span[0] == 14)
    }

    @Test func aSnippetWindowEdgeInsideACharacterOfSeveralBytes() throws {
        // Four-byte characters with no spaces: the window's edges fall between them, never inside one.
        let wide = String(repeating: "𝄞", count: 120)
        let book = try RuleTestSupport.book(["DeepSeek"])
        let e = try #require(book.match(RuleTestSupport.input(book, title: "T", text: wide + " DeepSeek " + wide)).first?.evidence.first)
        #expect(e.match == "DeepSeek")
        #expect(e.snippet == "…DeepSeek…")
        let twoByte = Array(repeating: "é", count: 70).joined(separator: " ")
        let f = try #require(book.match(RuleTestSupport.input(book, title: "T", text: twoByte + " DeepSeek " + twoByte)).first?.evidence.first)
        #expect(f.snippet.unicodeScalars.count <= 160)
        #expect(f.snippet.hasPrefix("…é ") && f.snippet.hasSuffix(" é…"))
        #expect(f.snippet.contains("é DeepSeek é"))
    }

    @Test func aTopicsEvidenceLongerThanASnippetIsCutTo160() throws {
        let terms = (0..<40).map { "term\($0)" }
        let knowledge = KnowledgeBase(entities: [], topics: [TopicDefinition(id: "long", terms: terms.map { .init($0) })])
        let book = try RuleBook.compile([RuleFile(path: "t.yaml", text: "rules:\n  - id: r0\n    query: 'topic:long'\n")],
                                        base: knowledge, sinks: []).get()
        let input = RuleTestSupport.input(book, title: "T", text: terms.joined(separator: " ") + ".")
        let topic = try #require(input.analysis.topics.first)
        let why = "score \(topic.score): " + topic.evidence.joined(separator: ", ")
        #expect(why.count > 160)
        let e = try #require(book.match(input).first?.evidence.first)
        #expect(e == AlertRecord.Evidence(clause: "topic:long", field: "topic", span: [], snippet: String(why.prefix(160))))
    }
}
