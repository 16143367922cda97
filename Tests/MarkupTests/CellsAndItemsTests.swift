import Markup
import Testing

/// A table of names is not the phrase "Donald Trump": each cell, item and definition is a paragraph (it was a line
/// of its paragraph: "Donald\nTrump", where a quoted phrase matched).
@Suite struct CellsAndItemsTests {
    @Test(arguments: [
        ("<table><tr><td>Donald</td><td>Trump</td></tr></table>", "Donald\n\nTrump"),
        ("<table><tr><th>Name</th><th>Role</th></tr><tr><td>Biden</td><td>President</td></tr></table>", "Name\n\nRole\n\nBiden\n\nPresident"),
        ("<ul><li>Donald</li><li>Trump</li></ul>", "Donald\n\nTrump"),
        ("<ol><li>Donald<li>Trump</ol>", "Donald\n\nTrump"),
        ("<dl><dt>Donald</dt><dd>Trump</dd></dl>", "Donald\n\nTrump"),
        ("<p>Before</p><ul><li>One <b>bold</b> item</li></ul><p>After</p>", "Before\n\nOne bold item\n\nAfter"),
    ])
    func areParagraphs(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }
}
