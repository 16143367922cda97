import Analysis
import Testing
import WirewatchCore

/// An entry's content hash follows the text analysis reads, not the bytes it came in.
@Suite struct ContentHashTests {
    func hash(title: String = "Chip rules", summary: String = "", content: String) -> String {
        ContentHash.of(Article(key: "k", feed: FeedID("f"), title: title, summary: summary, contentHTML: content))
    }

    @Test func markupEntitiesAndWhitespaceAreNotContent() {
        let base = hash(content: "<p class=\"a\" id=\"b\">Export controls &amp; China</p><p><a href=\"https://x.test/?utm_source=1\">More</a></p>")
        #expect(hash(content: "<p id=\"b\" class=\"a\">Export  controls\n&#38; China</p><p><a href=\"https://x.test/?utm_source=2\">More</a></p>") == base)
        #expect(hash(content: "<p>Export controls &amp; <b>China</b></p><p><a href=\"/\">More</a></p>") == base)
    }

    @Test func aChangedWordTitleOrAddedParagraphIsContent() {
        let base = hash(content: "<p>Export controls on China.</p>")
        #expect(hash(content: "<p>Export controls on Chinese chips.</p>") != base)
        #expect(hash(title: "Chip rules (updated)", content: "<p>Export controls on China.</p>") != base)
        #expect(hash(content: "<p>Export controls on China.</p><p>Beijing replied.</p>") != base)
        // The body is the content, else the summary: what analysis reads.
        #expect(hash(summary: "Export controls on China.", content: "") == base)
        #expect(hash(summary: "Something else entirely.", content: "<p>Export controls on China.</p>") == base)
    }

    @Test func aHashOfAnotherSchemeIsNotCurrent() {
        #expect(ContentHash.isCurrent(hash(content: "x")))
        #expect(!ContentHash.isCurrent("c0:0123"))
    }
}
