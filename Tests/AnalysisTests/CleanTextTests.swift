import Analysis
import Testing

@Suite struct CleanTextTests {
    @Test(arguments: [
        ("<p>a\u{00A0}b\u{2003}c\u{3000}d\u{2028}e</p>", "a b c d e"),
        ("<p>One  two\n three</p><p>Four</p>", "One two three\n\nFour"),
        ("<p>caf&eacute; &amp; cr&egrave;me</p>", "café & crème"),
        ("<div><script>x()</script>Kept</div>", "Kept"),
        ("Plain   text\nwraps\n\nNew paragraph", "Plain text wraps\n\nNew paragraph"),
        ("Cafe\u{0301} and Jo√£o", "Café and João"),
        ("It\u{00E2}\u{20AC}\u{2122}s fine", "It’s fine"),
        ("日本語  のテキスト", "日本語 のテキスト"),
    ])
    func cleans(_ input: String, _ expected: String) {
        #expect(CleanText.from(html: input).text == expected)
    }

    @Test func cleanTextIsNFC() {
        let decomposed = "Zu\u{0308}rich, Ame\u{0301}lie, 한국"
        #expect(CleanText.from(html: decomposed).text.unicodeScalars.elementsEqual(decomposed.precomposedNFC.unicodeScalars))
    }
}

private extension String {
    /// NFC by the standard library's own comparison: the composed form of every character.
    var precomposedNFC: String {
        var out = ""
        for ch in self {
            switch String(ch) {
            case "u\u{0308}": out += "ü"
            case "e\u{0301}": out += "é"
            default: out.append(ch)
            }
        }
        return out
    }
}
