import FeedParsing
import Foundation
import Testing

/// Entities and ill-formed markup, read as a browser (or feedparser) would.
@Suite struct MarkupQuirkTests {
    @Test func htmlNamedEntitiesWithoutADTD() throws {
        #expect(try Fixture.entry("entities-html-named-without-dtd.xml").title == "Café – “quoted” … ©")
    }

    @Test func bareAmpersands() throws {
        let e = try Fixture.entry("entities-bare-ampersand.xml")
        #expect(e.title == "AT&T and Q&A")
        #expect(e.link == "https://example.com/?a=1&b=2")
    }

    @Test func doubleEscapedEntitiesAreDecodedOnceByEachLayer() throws {
        let e = try Fixture.entry("entities-double-escaped.xml")
        #expect(e.title == "AT&T")
        #expect(e.summary == "<b>literal tags</b>")
    }

    @Test func numericC1ReferencesAsWindows1252() throws {
        #expect(try Fixture.entry("entities-numeric-c1-as-windows1252.xml").title == "It’s – “fine”")
    }

    @Test func unclosedTags() throws {
        let feed = try Fixture.feed("ill-formed-unclosed-tags.xml")
        #expect(feed.entries.first?.title == "First")
    }

    @Test func mismatchedEndTagKeepsTheRestAndItsEntities() throws {
        let feed = try Fixture.feed("ill-formed-mismatched-end-tag.xml")
        let after = try #require(feed.entries.first { $0.title?.hasPrefix("After") == true })
        #expect(after.title == "After & error")
        #expect(after.link == "https://example.com/after")
    }

    @Test func controlCharactersAreDropped() throws {
        #expect(try Fixture.entry("ill-formed-control-characters.xml").title == "Ctrlchars gone")
    }

    @Test func truncatedDocumentKeepsWhatWasComplete() throws {
        #expect(try Fixture.entry("ill-formed-truncated.xml").title == "Complete")
    }

    @Test func garbageBeforeTheXMLIsSkipped() throws {
        #expect(try Fixture.entry("ill-formed-garbage-before-xml.xml").title == "After garbage")
    }

    @Test func leadingWhitespace() throws {
        #expect(try Fixture.entry("ill-formed-leading-whitespace.xml").title == "Leading whitespace")
    }

    @Test func undefinedEntityStaysAsText() throws {
        #expect(try Fixture.entry("ill-formed-undefined-entity.xml").title == "&bogus; entity")
    }

    @Test func latinEntities() throws {
        #expect(try Fixture.entry("ill-formed-lowercase-doctype-html-entities.xml").title == "x Über ß")
    }

    @Test func scriptsStylesHandlersAndFramesAreRemoved() throws {
        let e = try Fixture.entry("ill-formed-script-in-content.xml")
        #expect(e.content == "Safe\n\nAlso safe")
        #expect(e.contentHTML == "<p>Safe</p><p>Also safe</p>")
    }

    @Test func cdataSplitAroundItsTerminator() throws {
        #expect(try Fixture.entry("ill-formed-nested-cdata-split.xml").summary == "a ]]> b")
    }
}

@Suite struct VoidElementQuirkTests {
    @Test func unclosedVoidElementsInXHTMLContentKeepEveryEntry() throws {
        let feed = try Fixture.feed("atom10-xhtml-unclosed-void-elements.xml")
        #expect(feed.entries.map(\.title) == ["Entry 1", "Entry 2", "Entry 3"])
        #expect(feed.entries[0].content == "Line one\nline two")
        #expect(feed.entries[0].contentHTML == #"<p>Line one<br>line two<img src="https://example.com/p1.png" alt="x"></p>"#)
    }

    @Test func unescapedBreakInRSSDescription() throws {
        let feed = try Fixture.feed("rss2-unescaped-br-in-description.xml")
        #expect(feed.entries.map(\.title) == ["A", "B"])
        #expect(feed.entries[0].summary == "one\ntwo")
    }
}

@Suite struct BareLessThanQuirkTests {
    @Test func bareLessThanInXHTMLScriptKeepsEveryEntry() throws {
        let feed = try Fixture.feed("atom10-xhtml-bare-less-than-in-script.xml")
        #expect(feed.entries.map(\.content) == ["Text 1", "Text 2", "Text 3"])
    }
}
