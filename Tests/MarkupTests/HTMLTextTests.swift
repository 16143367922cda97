import Markup
import Testing

@Suite struct HTMLTextTests {
    @Test func paragraphsBecomeBlankLines() {
        #expect(HTMLText.plainText("<p>One</p>\n<p>Two &amp; three</p><p>Four</p>") == "One\n\nTwo & three\n\nFour")
    }
}
