import Markup
import Testing

/// Collects text per element name, for assertions.
final class TextCollector: XMLEventHandler {
    var texts: [String: String] = [:]
    var elements: [String] = []
    private var stack: [String] = []
    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
        stack.append(name)
        elements.append(name)
    }
    func endElement() { _ = stack.popLast() }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let top = stack.last { texts[top, default: ""] += String(decoding: bytes, as: UTF8.self) }
    }

    static func read(_ doc: String) -> TextCollector {
        let c = TextCollector()
        XMLEventReader.read(utf8: Array(doc.utf8), into: c)
        return c
    }
}

@Suite struct XMLEventReaderTests {
    @Test func htmlEntitiesWithoutDTDAreDecoded() {
        #expect(TextCollector.read("<r><t>caf&eacute;&nbsp;&rsquo;s &amp; co</t></r>").texts["t"] == "café\u{A0}’s & co")
    }

    @Test func entitiesSurviveAnEarlierError() {
        // libxml2 drops even &amp; after a well-formedness error; the repair pass keeps them.
        let c = TextCollector.read("<r><a>x</b><t>A&amp;B &lt;p&gt; &eacute;</t></r>")
        #expect(c.texts["t"] == "A&B <p> é")
    }

    @Test func bareAmpersandIsText() {
        #expect(TextCollector.read("<r><t>AT&T and Q&A &c</t></r>").texts["t"] == "AT&T and Q&A &c")
    }

    @Test func unknownEntityIsKeptAsText() {
        #expect(TextCollector.read("<r><t>&foo; &amp</t></r>").texts["t"] == "&foo; &amp")
    }

    @Test func c1NumericReferencesReadAsWindows1252() {
        #expect(TextCollector.read("<r><t>&#150;&#147;x&#148;&#x80;</t></r>").texts["t"] == "–“x”€")
    }

    @Test func forbiddenCharactersAreDropped() {
        #expect(TextCollector.read("<r><t>a\u{01}b&#0;c&#xD800;</t></r>").texts["t"] == "ab\u{FFFD}c\u{FFFD}")
    }

    @Test func cdataIsLeftVerbatim() {
        let c = TextCollector.read("<r><t><![CDATA[a &amp; b &nbsp; <p>]]></t><u>&nbsp;</u></r>")
        #expect(c.texts["t"] == "a &amp; b &nbsp; <p>")
        #expect(c.texts["u"] == "\u{A0}")
    }

    @Test func commentsAreSkipped() {
        #expect(TextCollector.read("<r><!-- &nbsp; & --><t>x</t></r>").texts["t"] == "x")
    }

    @Test func billionLaughsDoesNotExpand() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <r><t>&lol3;</t></r>
            """
        #expect(TextCollector.read(doc).texts["t"] == "&lol3;")
    }

    @Test func externalEntityIsNotRead() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r><t>&xxe;</t></r>
            """
        let t = TextCollector.read(doc).texts["t"] ?? ""
        #expect(!t.contains("root:"))
        #expect(t == "&xxe;")
    }

    @Test func externalParameterEntityIsNotRead() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
            <r><t>x</t></r>
            """
        let c = TextCollector.read(doc)
        #expect(c.texts["t"] == "x")
        #expect(!c.texts.values.contains { $0.contains("root:") })
    }

    @Test func recoversFromUnclosedTags() {
        let c = TextCollector()
        let issues = XMLEventReader.read(utf8: Array("<r><a>one<b>two</r>".utf8), into: c)
        #expect(c.texts["a"] == "one")
        #expect(c.texts["b"] == "two")
        #expect(!issues.isEmpty)
    }
}

@Suite struct VoidElementRepairTests {
    @Test func unclosedVoidElementsDoNotSwallowTheRest() {
        let c = TextCollector.read(#"<r><e><p>a<br>b<img src="x" alt="1 > 0"></p></e><e><t>second</t></e></r>"#)
        #expect(c.elements == ["r", "e", "p", "br", "img", "e", "t"])
        #expect(c.texts["t"] == "second")
    }

    @Test func strayVoidEndTagsAreDropped() {
        let c = TextCollector.read("<r><p>a<br></br>b<BR/>c<xhtml:hr xmlns:xhtml=\"x\">d</p><t>e</t></r>")
        #expect(c.texts["p"] == "abcd")
        #expect(c.texts["t"] == "e")
    }

    @Test func rssLinkElementIsLeftAlone() {
        #expect(TextCollector.read("<item><link>https://x.test/</link></item>").texts["link"] == "https://x.test/")
    }
}

@Suite struct BareLessThanTests {
    @Test func lessThanThatStartsNoTagIsText() {
        let c = TextCollector.read("<r><s>if (1 < 2 && a <= b) x</s><t>after</t></r>")
        #expect(c.texts["s"] == "if (1 < 2 && a <= b) x")
        #expect(c.texts["t"] == "after")
    }
}

/// The repair pass writes most references as the characters themselves; these
/// are the places where a character and its reference would read differently.
@Suite struct ReferencesWrittenAsCharactersTests {
    final class AttributeCollector: XMLEventHandler {
        var values: [String: String] = [:]
        func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
            for a in attributes { values[a.name] = a.value }
        }
        func endElement() {}
        func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }

    @Test func attributeValuesKeepQuotesMarkupAndLineBreaks() {
        // "&amp;" once came out as "&#38;": libxml2 writes "&" so in a value it does not expand.
        let c = AttributeCollector()
        XMLEventReader.read(utf8: Array(#"<r a="&quot;x&quot; &lt;y&gt; &amp;&rsquo;" b='&apos;&nbsp;&apos;' c="1&#10;2&#13;3&#9;4"/>"#.utf8), into: c)
        #expect(c.values["a"] == "\"x\" <y> &’")
        #expect(c.values["b"] == "'\u{A0}'")
        #expect(c.values["c"] == "1\n2\r3\t4")
    }

    @Test func greaterThanAfterTwoBracketsStaysText() {
        let c = TextCollector.read("<r><t>a]]&gt;b &#93;&#x5D;&gt;c</t><u>after</u></r>")
        #expect(c.texts["t"] == "a]]>b ]]>c")
        #expect(c.texts["u"] == "after")
    }

    @Test func carriageReturnReferenceIsNotALineEnd() {
        #expect(TextCollector.read("<r><t>a&#13;&#x0D;b</t></r>").texts["t"] == "a\r\rb")
    }
}

@Suite struct RepairStreamingTests {
    @Test func aDocumentLongerThanOnePieceReadsTheSameAcrossPieceBoundaries() {
        // ~1 MB: the repair pass hands libxml2 256 KB pieces, so references,
        // and "]]" before a "&gt;", fall on every side of a boundary.
        let unit = "x]]&gt;&rsquo; &lt;&amp;"
        let c = TextCollector.read("<r><t>" + String(repeating: unit, count: 45_000) + "</t><u>after</u></r>")
        #expect(c.texts["t"] == String(repeating: "x]]>’ <&", count: 45_000))
        #expect(c.texts["u"] == "after")
    }
}
