@testable import Markup
import Testing

/// A page's chrome (navigation, cookie banner, share bar, "Most read", footer, hidden text) is not the
/// article: it is dropped from the text and from the sanitised HTML (trial5 findings 16, 20, 37).
@Suite struct PageChromeTests {
    /// The trial's page: a Leeds library story inside a news site's page.
    static let page = """
        <html><head><title>Council approves new library in Leeds</title></head><body>
        <header><nav><a>Home</a> <a>News</a> <a>Sport</a> <a>Climate</a> <a>Markets</a></nav></header>
        <div class="cookie">We use cookies to process your personal data. Read our privacy policy. Accept all cookies</div>
        <div class="share">Share on Facebook Share on X Share on WhatsApp Copy link</div>
        <article>
        <h1>Council approves new library in Leeds</h1>
        <p>LEEDS (Reuters) - Leeds City Council approved plans on Tuesday for a new central library.</p>
        <p>Local residents welcomed the decision.</p>
        </article>
        <aside><h3>Most read</h3><ol><li>Nvidia shares plunge as DeepSeek rattles markets</li><li>Putin says Russia ready for talks</li></ol></aside>
        <footer>© 2025 BBC. Follow BBC News on Instagram. Privacy Policy Cookies Contact the BBC</footer>
        </body></html>
        """

    @Test func aPagesChromeIsNotItsText() {
        let r = HTMLText.render(Self.page)
        #expect(r.text == """
            Council approves new library in Leeds

            LEEDS (Reuters) - Leeds City Council approved plans on Tuesday for a new central library.

            Local residents welcomed the decision.
            """)
        for word in ["Home", "cookies", "Facebook", "DeepSeek", "Putin", "Instagram"] {
            #expect(!r.html.contains(word), "sanitised HTML keeps \(word)")
        }
        #expect(r.html.contains("<p>Local residents welcomed the decision.</p>"))
    }

    /// Text the page hides: `hidden`, `aria-hidden="true"`, `display:none`, `visibility: hidden`.
    @Test(arguments: [
        ("<div hidden>Hidden OpenAI text</div><p>Kept.</p>", "Kept."),
        (#"<span style="display:none">Tesla hidden</span>Kept."#, "Kept."),
        (#"<span style="color: red; display : none">Tesla hidden</span>Kept."#, "Kept."),
        (#"<div style="visibility: hidden">Tesla</div>Kept."#, "Kept."),
        (#"Kept <span aria-hidden="true">Oracle icon</span>text."#, "Kept text."),
        (#"Kept <span aria-hidden="false">and shown</span> text."#, "Kept and shown text."),
        (#"<div role="navigation">Home News</div><p>Kept.</p>"#, "Kept."),
        (#"<div role="main"><p>Kept.</p></div>"#, "Kept."),
    ])
    func hiddenTextIsDropped(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    /// Class and id words: strong ones mark chrome anywhere, weak ones unless a content word is beside them.
    @Test(arguments: [
        (#"<div class="c-cookie-banner">Accept</div><p>Kept.</p>"#, "Kept."),
        (#"<div class="ssrcss-1x2-ShareWrapper">Share</div><p>Kept.</p>"#, "Kept."),
        (#"<section id="most-read"><p>Other story</p></section><p>Kept.</p>"#, "Kept."),
        (#"<div class="mostPopular">Other story</div><p>Kept.</p>"#, "Kept."),
        (#"<ul class="related-links"><li>Other story</li></ul><p>Kept.</p>"#, "Kept."),
        (#"<div class="article-body social-embed"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="story-share">Share</div><p>Kept.</p>"#, "Kept."),
        (#"<div class="shareholders"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="header"><p>Kept.</p></div>"#, "Kept."),
        (#"<p class="ad">A paragraph is not judged by its class.</p>"#, "A paragraph is not judged by its class."),
    ])
    func classAndIdWords(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    /// Chrome nested in chrome, and elements of the chrome's own name inside it, close where its own end tag is.
    @Test func nestedElementsOfTheSameNameCloseTheChromeAtItsOwnEndTag() {
        let html = #"<div class="newsletter"><div><div>Sign up</div></div> and more</div><div><p>Kept.</p></div>"#
        #expect(HTMLText.plainText(html) == "Kept.")
    }

    /// XHTML content's self-closed chrome has no content to drop, and does not swallow what follows.
    @Test func aSelfClosedChromeElementDropsNothingAfterIt() {
        #expect(HTMLText.plainText(#"<div class="ad"/><p>Kept.</p>"#) == "Kept.")
    }

    /// Dropping chrome never loses the article: a chrome element whose end tag never comes, or one that
    /// held everything, leaves the page read whole.
    @Test func chromeThatWouldDropTheArticleIsKept() {
        #expect(HTMLText.plainText(#"<nav>Home</nav><div class="sidebar"><p>Story text.</p>"#) == "Home\n\nStory text.")
        #expect(HTMLText.plainText(#"<div class="share-enabled"><p>Story text.</p></div>"#) == "Story text.")
        #expect(HTMLText.render(#"<div class="share-enabled"><p>Story text.</p></div>"#).html.contains("Story text."))
        let sanitised = Array(#"<aside><p>Only this.</p></aside>"#.utf8).withUnsafeBufferPointer { HTMLText.sanitised(utf8: $0) }
        #expect(sanitised.contains("Only this."))
    }

    @Test func classWordsSplitAtCaseAndPunctuation() {
        var words: [NameKey] = []
        Array("ssrcss-1x2-ShareWrapper most_read mostRead averyveryverylongclassname".utf8).withUnsafeBufferPointer {
            PageChrome.words($0) { words.append($0) }
        }
        #expect(words == ["ssrcss", "x", "share", "wrapper", "most", "mostread", "read", "most", "mostread", "read"].map(PageChrome.key))
    }
}
