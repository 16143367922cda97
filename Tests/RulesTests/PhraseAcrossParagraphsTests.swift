import Rules
import Testing

/// A table's cells and a list's items are paragraphs of their own in the clean text (Markup: "Donald\n\nTrump"), but
/// the matcher lets a phrase run from one paragraph into the next (it stops only at the title's end), so the rule
/// `"donald trump"` still fires on a table of names. Known and reported: when phrases stop at a paragraph break,
/// `withKnownIssue` fails this test; take it away then.
@Suite struct PhraseAcrossParagraphsTests {
    @Test func aPhraseDoesNotRunFromOneCellOrItemIntoTheNext() throws {
        let book = try RuleTestSupport.book(["\"donald trump\""])
        #expect(book.match(RuleTestSupport.input(book, text: "<p>Donald Trump spoke.</p>")).count == 1)
        withKnownIssue("a phrase runs across a paragraph break") {
            for html in ["<table><tr><td>Donald</td><td>Trump</td></tr></table>", "<ul><li>Donald</li><li>Trump</li></ul>",
                         "<p>He met Donald</p><p>Trump Tower is closed.</p>"] {
                #expect(book.match(RuleTestSupport.input(book, text: html)).isEmpty, "\(html)")
            }
        }
    }
}
