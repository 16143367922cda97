import Markup
import Testing

@Suite struct HTMLPageLinksTests {
    @Test func findsAdvertisedFeeds() {
        let page = """
            <!DOCTYPE html><html><head><title>News  Site</title><base href="https://example.com/">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">
            <link rel="Alternate" type="application/atom+xml" href="https://example.com/atom">
            <link rel="stylesheet" type="text/css" href="/s.css">
            <link rel="alternate" hreflang="fr" href="/fr/">
            </head><body><link rel="alternate" type="application/rss+xml" href="/late.rss"></body></html>
            """
        var p = page
        let links = p.withUTF8 { HTMLPageLinks.read(utf8: $0) }
        #expect(links.title == "News Site")
        #expect(links.base == "https://example.com/")
        #expect(links.alternates.map(\.href) == ["/feed.rss", "https://example.com/atom"])
    }
}
