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
}
