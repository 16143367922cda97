import Rules
import Testing

/// A phrase stays inside one sentence: a table's cells and a list's items are paragraphs of their own in the clean
/// text (Markup: "Donald\n\nTrump"), and the rule `"donald trump"` fired on a table of names, as it did on
/// "He met Donald. Trump Tower is closed." Abbreviations do not end a sentence, so "U.S. Steel" is still one phrase.
@Suite struct PhraseAcrossParagraphsTests {
    @Test func aPhraseDoesNotRunFromOneCellItemOrSentenceIntoTheNext() throws {
        let book = try RuleTestSupport.book(["\"donald trump\""])
        #expect(book.match(RuleTestSupport.input(book, text: "<p>Donald Trump spoke.</p>")).count == 1)
        #expect(book.match(RuleTestSupport.input(book, text: "<p>Donald Trump's lawyers spoke.</p>")).count == 1)
        for html in ["<table><tr><td>Donald</td><td>Trump</td></tr></table>", "<ul><li>Donald</li><li>Trump</li></ul>",
                     "<p>He met Donald</p><p>Trump Tower is closed.</p>", "<p>He met Donald. Trump Tower is closed.</p>",
                     "<p>They met Donald's. Trump Tower is closed.</p>"] {
            #expect(book.match(RuleTestSupport.input(book, text: html)).isEmpty, "\(html)")
        }
    }

    @Test func anAbbreviationInsideAPhraseIsNoSentenceEnd() throws {
        let book = try RuleTestSupport.book(["\"U.S. Steel\"", "\"St. Louis Cardinals\"", "\"Mr. Trump\""])
        let text = "<p>Nippon Steel bought U.S. Steel on Monday. The St. Louis Cardinals won, and Mr. Trump said so.</p>"
        #expect(book.match(RuleTestSupport.input(book, text: text)).count == 3)
    }
}
