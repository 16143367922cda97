import Analysis
import Rules
import Testing
import WirewatchCore

/// Evidence text is cut from the article's UTF-8 bytes at Unicode scalar
/// offsets: a text with one character outside ASCII anywhere (in its first
/// bytes, its middle, its last few) gives the same matches and snippets as
/// counting scalars one by one would.
@Suite struct EvidenceTextTests {
    @Test(arguments: ["Été: the cafe is open and the cafe is full.",
                      "The cafe is open, and yes, the cafe is full ✓",
                      "The cafe is open and ✓ the cafe is full.",
                      "The cafe is open and the cafe is full. Ça"])
    func oneCharacterOutsideASCIIAnywhere(text: String) throws {
        let book = try RuleTestSupport.book(["cafe"])
        let evidence = try #require(book.match(RuleTestSupport.input(book, text: text)).first?.evidence)
        let scalars = Array(text.unicodeScalars)
        #expect(evidence.count == 2)
        for e in evidence {
            #expect(e.match == "cafe")
            #expect(String(String.UnicodeScalarView(scalars[e.span[0]..<e.span[1]])) == "cafe")
            #expect(e.snippet == text)
        }
    }

    @Test func aSnippetIsCutAtScalarsNotBytes() throws {
        let filler = Array(repeating: "été çà", count: 40).joined(separator: " ")
        let book = try RuleTestSupport.book(["DeepSeek"])
        let e = try #require(book.match(RuleTestSupport.input(book, text: filler + " DeepSeek " + filler)).first?.evidence.first)
        #expect(e.match == "DeepSeek")
        #expect(e.snippet.unicodeScalars.count <= 160)
        #expect(e.snippet.hasPrefix("…") && e.snippet.hasSuffix("…"))
        #expect(e.snippet.contains("çà DeepSeek été"))
        #expect(!e.snippet.contains("\u{FFFD}"))
    }

    /// Chinese has no spaces: its snippet widens by characters, up to the limit, where it had been the match alone.
    @Test func aChineseSnippetHasContextOnBothSides() throws {
        let before = "据新华社报道，本周市场波动剧烈，投资者普遍持观望态度。深度求索周一发布了新的人工智能模型，引起了广泛关注。多位分析人士表示，这一模型的训练成本远低于同类产品，业内人士对此感到意外。"
        let after = "，限制先进芯片的销售。专家认为这将影响整个行业的发展，许多公司正在重新评估其供应链和研发计划，以应对新的监管环境。多家媒体对此进行了持续报道，预计相关讨论还将延续数周。"
        let text = before + "美国政府随后宣布加强对华出口管制" + after
        let book = try RuleTestSupport.book(["出口管制"])
        let e = try #require(book.match(RuleTestSupport.input(book, text: text, language: "zh")).first?.evidence.first)
        #expect(e.match == "出口管制")
        #expect(e.snippet.hasPrefix("…") && e.snippet.hasSuffix("…"))
        #expect(e.snippet.unicodeScalars.count == 160)
        #expect(e.snippet.contains("美国政府随后宣布加强对华出口管制，限制先进芯片的销售"))
    }
}
