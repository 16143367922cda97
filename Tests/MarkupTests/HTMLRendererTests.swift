import Markup
import Testing

/// The tokeniser behind `HTMLText.render`, on markup as feeds write it.
@Suite struct HTMLRendererTests {
    @Test func quotedGreaterThanInsideAnAttribute() {
        let r = HTMLText.render(#"<a title="a > b" href='/x?a=1&amp;b=2'>link</a> after"#, resolve: { "https://e.com" + $0 })
        #expect(r.text == "link after")
        #expect(r.html == #"<a title="a &gt; b" href="https://e.com/x?a=1&amp;b=2">link</a> after"#)
    }

    @Test func unquotedAttributes() {
        #expect(HTMLText.render("<img src=/i.png alt=pic>x").html == #"<img src="/i.png" alt="pic">x"#)
    }

    @Test func lessThanThatStartsNoTag() {
        #expect(HTMLText.render("1 < 2 and 3 <= 4, a<-b").text == "1 < 2 and 3 <= 4, a<-b")
    }

    @Test func scriptEndTagInsideAString() {
        #expect(HTMLText.plainText(#"a<SCRIPT type="x">if (a < b) { s = "<p>"; }</Script>b"#) == "ab")
    }

    @Test func unclosedCommentSwallowsTheRest() {
        #expect(HTMLText.plainText("a<!-- never closed <p>b") == "a")
    }

    @Test func commentsDoctypeAndProcessingInstructionsVanish() {
        #expect(HTMLText.plainText("<!DOCTYPE html><?php echo 1 ?>a<!-- c -->b") == "ab")
    }

    @Test func uppercaseTags() {
        #expect(HTMLText.render("<P>One<BR>Two</P>").html == "<p>One<br>Two</p>")
    }

    @Test func strayEndTagsAreDroppedAndOpenOnesClosed() {
        #expect(HTMLText.render("</b>x<i>y<b>z</i>").html == "x<i>y<b>z</b></i>")
    }

    @Test func paragraphsCloseEachOther() {
        let r = HTMLText.render("<p>a<p>b")
        #expect(r.html == "<p>a</p><p>b</p>")
        #expect(r.text == "a\n\nb")
    }

    @Test func referencesWithoutSemicolon() {
        #expect(HTMLText.plainText("AT&amp T &nbspx &copy 2025 &#8212 end") == "AT& T x &copy 2025 — end")
    }

    @Test func numericReferencesOutOfRange() {
        #expect(HTMLText.plainText("a&#0;b&#x110000;c&#xD800;") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
    }

    @Test func skippedElementsNest() {
        #expect(HTMLText.plainText("a<svg><g><text>hidden</text></g></svg>b<object><param name=x>gone</object>c") == "abc")
    }

    @Test func unknownAndCustomElementsKeepTheirText() {
        #expect(HTMLText.render("<my-widget data-x=1>kept</my-widget>").html == "kept")
    }

    @Test func tagCutOffAtTheEnd() {
        #expect(HTMLText.plainText("text <a href=\"x") == "text")
        #expect(HTMLText.plainText("text <") == "text <")
    }

    @Test func dataAndJavascriptURLsAreDropped() {
        #expect(HTMLText.render(#"<a href=" JavaScript:alert(1)">x</a><img src="data:image/png;base64,AAA">"#).html == "<a>x</a><img>")
    }
}
