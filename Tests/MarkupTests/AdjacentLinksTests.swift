import Markup
import Testing

/// `<a href="/a">Trump</a><a href="/b">Biden</a>` was "TrumpBiden" (trial of real article bodies, item 2).
@Suite struct AdjacentLinksTests {
    @Test(arguments: [
        (#"<p><a href="/a">Trump</a><a href="/b">Biden</a></p>"#, "Trump Biden"),
        (#"<p><a href="/a"><b>Trump</b></a><span><a href="/b">Biden</a></span></p>"#, "Trump Biden"),
        (#"<p><a href="/a">Trump</a><a name="x"></a><a href="/b">Biden</a></p>"#, "Trump Biden"),
        (#"<p><a href="/a">Trump</a><a>Biden</a></p>"#, "Trump Biden"),
        // A link split in two keeps its word whole.
        (#"<p><a href="/a">Tr</a><a HREF='/a'>ump</a> said</p>"#, "Trump said"),
        // Text or space between them: as before.
        (#"<p><a href="/a">Trump</a>, <a href="/b">Biden</a></p>"#, "Trump, Biden"),
        (#"<p>Mc<a href="/b">Donald</a>'s</p>"#, "McDonald's"),
    ])
    func partWords(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    @Test func theSanitisedHTMLIsAsBefore() {
        #expect(HTMLText.render(#"<a href="/a">Trump</a><a href="/b">Biden</a>"#).html == #"<a href="/a">Trump</a><a href="/b">Biden</a>"#)
    }
}
