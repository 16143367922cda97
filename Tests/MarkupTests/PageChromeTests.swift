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

    /// Text the page hides, on any element: `hidden`, `aria-hidden="true"`, `display:none`, `visibility: hidden`.
    @Test(arguments: [
        ("<div hidden>Hidden OpenAI text</div><p>Kept.</p>", "Kept."),
        (#"<span style="display:none">Tesla hidden</span>Kept."#, "Kept."),
        (#"<span style="color: red; display : none">Tesla hidden</span>Kept."#, "Kept."),
        (#"<div style="visibility: hidden">Tesla</div>Kept."#, "Kept."),
        (#"Kept <span aria-hidden="true">Oracle icon</span>text."#, "Kept text."),
        (#"Kept <span aria-hidden="false">and shown</span> text."#, "Kept and shown text."),
        (#"<div role="navigation">Home News</div><p>Kept.</p>"#, "Kept."),
        (#"<div role="main"><p>Kept.</p></div>"#, "Kept."),
        // Review of this session, 4: hidden is judged on every element, not only on containers.
        (#"<p hidden>Gone.</p><h2 aria-hidden="true">Gone</h2><p>Kept.</p>"#, "Kept."),
        (#"Kept <a href="/x" style="display:none">gone</a>text."#, "Kept text."),
        // 14: hidden="until-found" is text a reader finds by searching the page.
        (#"<div hidden="until-found"><p>Kept.</p></div>"#, "Kept."),
        // 3: inline chrome between two words leaves a space.
        (#"By John Smith<span aria-hidden="true"> | </span>Reuters"#, "By John Smith Reuters"),
    ])
    func hiddenTextIsDropped(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    /// A class is read by its head, its last word once generic tails are off: a chrome head makes chrome,
    /// unless another class's head says it holds the article; a word that only modifies the head says nothing.
    @Test(arguments: [
        (#"<div class="c-cookie-banner">Accept</div><p>Kept.</p>"#, "Kept."),
        (#"<div class="ssrcss-1x2-ShareWrapper">Share</div><p>Kept.</p>"#, "Kept."),
        (#"<section id="most-read"><p>Other story</p></section><p>Kept.</p>"#, "Kept."),
        (#"<div class="mostPopular">Other story</div><p>Kept.</p>"#, "Kept."),
        (#"<ul class="related-links"><li>Other story</li></ul><p>Kept.</p>"#, "Kept."),
        (#"<div class="story-share">Share</div><p>Kept.</p>"#, "Kept."),
        // Review of this session, 12: chrome heads before a generic "content", or after a content word.
        (#"<div class="related-content">Other</div><div class="main-nav">Home</div><div class="trending-content">Hot</div><p>Kept.</p>"#, "Kept."),
        (#"<div class="article-comments">Nice</div><p>Kept.</p>"#, "Kept."),
        // Content: a content head beside a chrome one, and words that only modify the head (review of this session, 1).
        (#"<div class="article-body social-embed"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="paywall"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="share-price">Kept.</div>"#, "Kept."),
        (#"<div class="ad-free share-enabled"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="shareholders"><p>Kept.</p></div>"#, "Kept."),
        (#"<div class="header"><p>Kept.</p></div>"#, "Kept."),
        (#"<p class="ad">A paragraph is not judged by its class.</p>"#, "A paragraph is not judged by its class."),
    ])
    func classAndIdWords(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    /// An aside or footer inside an article, a quotation, the main content or a figure is part of it: a fact box,
    /// a quote's attribution (review of this session, 5). Outside, it is chrome.
    @Test func asideAndFooterInsideContentAreContent() {
        #expect(HTMLText.plainText("<blockquote><p>We will respond.</p><footer>Jane Doe</footer></blockquote>") == "We will respond.\n\nJane Doe")
        #expect(HTMLText.plainText("<article><p>Story.</p><aside>Fact box.</aside></article><aside>Most read</aside>") == "Story.\n\nFact box.")
    }

    /// Chrome nested in chrome, and elements of the chrome's own name inside it, close where its own end tag is;
    /// a self-closed one and one inside a skipped `<svg>` do not deepen it (review of this session, 13).
    @Test func nestedElementsOfTheSameNameCloseTheChromeAtItsOwnEndTag() {
        #expect(HTMLText.plainText(#"<div class="newsletter"><div><div>Sign up</div></div> and more</div><div><p>Kept.</p></div>"#) == "Kept.")
        #expect(HTMLText.plainText(#"<div class="share"><div/><svg><div></svg>x</div><p>Kept.</p>"#) == "Kept.")
    }

    /// XHTML content's self-closed chrome has no content to drop, and does not swallow what follows.
    @Test func aSelfClosedChromeElementDropsNothingAfterIt() {
        #expect(HTMLText.plainText(#"<div class="ad"/><p>Kept.</p>"#) == "Kept.")
    }

    /// Dropping chrome never loses the article: a chrome element whose end tag never comes, one that held
    /// everything, or one of paragraphs holding more text than all that was kept (a story in a container whose
    /// class only looked like chrome; one an unclosed chrome element took with it) leaves the page read whole.
    @Test func chromeThatWouldDropTheArticleIsKept() {
        #expect(HTMLText.plainText(#"<nav>Home</nav><div class="sidebar"><p>Story text.</p>"#) == "Home\n\nStory text.")
        #expect(HTMLText.plainText(#"<div class="sponsor-box"><p>Story text.</p></div>"#) == "Story text.")
        let sanitised = Array(#"<aside><p>Only this.</p></aside>"#.utf8).withUnsafeBufferPointer { HTMLText.sanitised(utf8: $0) }
        #expect(sanitised.contains("Only this."))
        // Review of this session, 1 and 6.
        #expect(HTMLText.plainText(#"<div class="sponsor-box"><p>The story's first paragraph.</p><p>Its second.</p></div><p>Photo: Reuters</p>"#)
            == "The story's first paragraph.\n\nIts second.\n\nPhoto: Reuters")
        #expect(HTMLText.plainText(#"<div><div class="share">Share on X<div><p>Story one.</p><p>Story two.</p></div></div><p>&nbsp;</p>"#)
            == "Share on X\n\nStory one.\n\nStory two.")
    }

    /// A chrome element whose end tag never comes takes the story with it; read again, when what it held before the
    /// story's first paragraph is links, it is kept from that paragraph, so "Most read" and a nav's links stay dropped
    /// (trial6 finding 5: one missing `</div>` brought every chrome list back).
    @Test(arguments: [
        #"<div class="most-read"><h2>Most read</h2><ol><li><a href="/a">DeepSeek unveils a model</a><li><a href="/b">Hackers steal data</a></ol>"#,
        #"<nav><a href="/">Home</a> <a href="/news">News</a><div class="most-read"><h2>Most read</h2><ul><li><a href="/a">DeepSeek unveils a model</a></li></ul></div>"#,
    ])
    func anUnclosedChromeElementIsKeptFromItsFirstParagraph(chrome: String) {
        let story = "<p>Nvidia said on Tuesday it would halt shipments of its H20 processors to China after the Commerce "
            + "Department tightened export controls on advanced chips.</p><p>Chief executive Jensen Huang told analysts the "
            + "company expected a charge of about $5.5 billion in the quarter.</p>"
        #expect(HTMLText.plainText(chrome + story) == "Nvidia said on Tuesday it would halt shipments of its H20 processors to China after the "
            + "Commerce Department tightened export controls on advanced chips.\n\nChief executive Jensen Huang told analysts the company "
            + "expected a charge of about $5.5 billion in the quarter.")
    }

    /// An unclosed wrapper named like chrome whose story starts with a headline, a standfirst and key points is kept
    /// whole: they are no links (review of s27, 9).
    @Test func anUnclosedWrapperKeepsTheStorysHeadingAndKeyPoints() {
        let page = #"<div class="content-sidebar-wrap"><h1>Nvidia halts shipments</h1><ul><li>H20 sales to China stop</li></ul>"#
            + "<p>Nvidia said on Tuesday it would halt shipments of its H20 processors to China after the Commerce Department "
            + "tightened export controls on advanced chips.</p><p>Chief executive Jensen Huang told analysts the company expected "
            + "a charge of about $5.5 billion in the quarter.</p>"
        #expect(HTMLText.plainText(page).hasPrefix("Nvidia halts shipments\n\nH20 sales to China stop\n\nNvidia said on Tuesday"))
    }

    /// A layout wrapper named like chrome holds the story: the page is read again sparing it alone, and the rest of
    /// its chrome stays dropped (trial6 finding 1: the whole page had come back, "Most read" and all).
    @Test(arguments: ["content-sidebar-wrap", "penci-sidebar-content", "site has-menu", "layout-with-sidebar", "l-container--sidebar"])
    func aStoryInALayoutWrapperNamedLikeChromeKeepsTheRestDropped(wrapper: String) {
        let page = #"<nav>Home News</nav><div class="cookie-banner"><p>We use cookies.</p></div><div class="\#(wrapper)">"#
            + #"<article><p>Nvidia said on Monday it would halt shipments.</p><p>Shares fell.</p></article>"#
            + #"<aside class="sidebar"><h3>Most read</h3><ul><li>DeepSeek unveils a model</li></ul></aside></div><footer>Privacy</footer>"#
        #expect(HTMLText.plainText(page) == "Nvidia said on Monday it would halt shipments.\n\nShares fell.")
    }

    /// Recirculation blocks carry other stories' headlines (trial6 finding 14).
    @Test(arguments: ["more-stories", "trending-now", "next-article", "up-next", "editors-picks", "sponsored-content",
                      "promoted-links", "recirculation", "tags", "read-more", "related-story", "jp-sharedaddy sd-sharing-enabled",
                      "taboola-below-article", "you-may-also-like", "recommended-for-you", "also-read", "follow-us",
                      "subscription-widget"])
    func recirculationBlocksAreChrome(cls: String) {
        let story = "<article><p>Nvidia halted shipments of its H20 chip to China on Monday.</p><p>Its shares fell 3%.</p></article>"
        let text = "Nvidia halted shipments of its H20 chip to China on Monday.\n\nIts shares fell 3%."
        #expect(HTMLText.plainText(story + #"<div class="\#(cls)"><p>DeepSeek unveils a model.</p><p>Putin praises AI.</p></div>"#) == text)
    }

    /// A story's own blocks named by words that sound like chrome: an AI story's quoted prompt, an obituary's
    /// biography (review of s27, 10).
    @Test(arguments: ["prompt", "bio", "author-bio"])
    func storyBlocksAreNoChrome(cls: String) {
        let html = #"<article><p>Nvidia halted shipments.</p><div class="\#(cls)"><p>Write a poem about chips.</p></div></article>"#
        #expect(HTMLText.plainText(html) == "Nvidia halted shipments.\n\nWrite a poem about chips.")
    }

    @Test func aClassIsReadByItsHead() {
        let heads = ["ssrcss-1x2-ShareWrapper", "most_read", "mostRead", "c-cookie-banner", "related-content", "share-price",
                     "article-body", "averyveryverylongclassname"].map { name in
            Array(name.utf8).withUnsafeBufferPointer { PageChrome.head($0) }
        }
        #expect(heads == ["share", "mostread", "mostread", "cookie", "related", "price", "body", nil].map { $0.map(PageChrome.key) })
    }
}
