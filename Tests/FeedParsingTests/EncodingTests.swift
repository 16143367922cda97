import FeedParsing
import Foundation
import Testing

/// RFC 7303's precedence (BOM, HTTP charset, XML declaration), the legacy
/// charsets, and the windows-1252 fallback.
@Suite struct EncodingTests {
    static let declared: [(String, String)] = [
        ("iso-8859-1", "Café crème à la française"), ("windows-1252", "“Smart quotes” – and € signs"),
        ("iso-8859-15", "Œuvre coûte 5 €"), ("iso-8859-2", "Zażółć gęślą jaźń"), ("windows-1250", "Příliš žluťoučký kůň"),
        ("windows-1251", "Съешь же ещё этих булок"), ("koi8-r", "Съешь же ещё этих булок"), ("koi8-u", "Гей, ґанок і їжак"),
        ("iso-8859-7", "Ελληνικά νέα"), ("windows-1253", "Ελληνικά νέα"), ("iso-8859-9", "Türkçe haberler ğış"),
        ("windows-1254", "Türkçe haberler ğış"), ("windows-1255", "חדשות בעברית"), ("windows-1256", "أخبار عربية"),
        ("windows-1257", "Lietuvių žinios"), ("windows-1258", "Tin tư\u{301}c"), ("shift_jis", "日本語のニュース"),
        ("euc-jp", "日本語のニュース"), ("iso-2022-jp", "日本語のニュース"), ("gb2312", "中文新闻报道"), ("gbk", "中文新聞报道"),
        ("gb18030", "中文新闻报道 𠀀"), ("big5", "中文新聞報導"), ("euc-kr", "한국어 뉴스"),
    ]

    @Test(arguments: declared)
    func declaredCharset(_ charset: String, _ text: String) throws {
        let feed = try Fixture.feed("encoding-declared-\(charset).xml")
        #expect(feed.title == text.precomposedStringWithCanonicalMapping || feed.title == text)
        #expect(feed.entries.first?.summary == feed.title)
    }

    static let unicode = "Ünïcödé “quotes” 日本"

    @Test(arguments: ["encoding-utf8-bom.xml", "encoding-utf16le-bom.xml", "encoding-utf16be-bom.xml", "encoding-utf16le-no-bom.xml"])
    func unicodeForms(_ name: String) throws {
        #expect(try Fixture.feed(name).title == Self.unicode)
    }

    /// UTF-16 with neither a BOM nor a declaration, as some Windows tools save a feed: "<rss" (after blanks, too)
    /// with a zero byte beside each character. It was read as UTF-8: "found XML without a root element".
    @Test(arguments: ["utf-16le", "utf-16be"], ["<rss", "\n  <rss"])
    func utf16WithNeitherABOMNorADeclaration(_ charset: String, _ start: String) throws {
        let xml = start + " version=\"2.0\"><channel><title>\(Self.unicode)</title><item><title>Hello</title><link>https://example.com/1</link></item></channel></rss>"
        let encoding: String.Encoding = charset == "utf-16le" ? .utf16LittleEndian : .utf16BigEndian
        let result = FeedParser.parse(try #require(xml.data(using: encoding)), url: "https://example.com/feed.xml")
        let feed = try #require(result.feed, "\(result)")
        #expect(feed.title == Self.unicode)
        #expect(feed.entries.map(\.title) == ["Hello"])
    }

    /// UTF-8 under a one-byte label, as a CMS writes it under an old template's declaration or a server's default
    /// charset: every Cyrillic letter was two letters of nonsense (exploratory finding of stop 31). Read as UTF-8,
    /// and said. Text really in the labelled charset is read as labelled (`declaredCharset`).
    @Test(arguments: [("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", nil), ("<?xml version=\"1.0\"?>", "text/xml; charset=iso-8859-1")])
    func utf8UnderAOneByteLabelIsReadAsUTF8(_ declaration: String, _ contentType: String?) throws {
        let xml = declaration + "<rss version=\"2.0\"><channel><title>Съешь же ещё этих булок</title><item><title>Café</title>"
            + "<link>https://example.com/1</link></item></channel></rss>"
        let result = FeedParser.parse(Data(xml.utf8), url: "https://example.com/feed.xml", contentType: contentType)
        let feed = try #require(result.feed, "\(result)")
        #expect(feed.title == "Съешь же ещё этих булок")
        #expect(feed.entries.map(\.title) == ["Café"])
        let label = contentType == nil ? "windows-1251" : "iso-8859-1"
        #expect(feed.problems.map(\.description) == ["labelled \(label), but its bytes are UTF-8: read as UTF-8"], "\(feed.problems)")
    }

    @Test func bomOverridesDeclarationAndHTTP() throws {
        #expect(try Fixture.feed("encoding-bom-overrides-declaration.xml", contentType: "application/rss+xml; charset=koi8-r").title == Self.unicode)
    }

    @Test func httpCharsetOverridesDeclaration() throws {
        let feed = try Fixture.feed("encoding-http-charset-overrides-declaration.xml", contentType: "text/xml; charset=\"KOI8-R\"")
        #expect(feed.title == "Съешь ещё")
    }

    @Test func undeclaredLatin1BytesReadAsWindows1252() throws {
        #expect(try Fixture.feed("encoding-no-declaration-latin1-bytes.xml").title == "Café – naïve")
    }

    @Test func strayWindows1252BytesInUTF8() throws {
        #expect(try Fixture.feed("encoding-utf8-with-stray-cp1252-bytes.xml").title == "Ünïcödé “quoted” – dash")
    }

    /// A UTF-8 document that says it is UTF-16 (.NET's StringWriter declares encoding="utf-16"), or is served as
    /// UTF-16 or UTF-32: four ASCII bytes without a zero cannot be either, so the label is passed over.
    @Test(arguments: [("utf-16", nil), ("UTF-16BE", nil), ("utf-8", "application/rss+xml; charset=utf-16"),
                      ("utf-8", "text/xml; charset=UTF-32"), ("utf-16", "application/rss+xml; charset=utf-16le")])
    func aUTF16LabelOnEightBitBytesIsPassedOver(declared: String, contentType: String?) throws {
        let xml = #"<?xml version="1.0" encoding="\#(declared)"?><rss version="2.0"><channel><title>Café “news”</title></channel></rss>"#
        let outcome = FeedParser.parse(Data(xml.utf8), url: "https://example.com/feed.xml", contentType: contentType)
        #expect(try #require(outcome.feed, "\(outcome)").title == "Café “news”")
    }

    @Test func latin1LabelOnUTF8Bytes() throws {
        let feed = try Fixture.feed("encoding-latin1-declared-but-utf8.xml")
        #expect(feed.title == "Café crème")
        #expect(feed.problems == [.mislabelledCharset(label: "iso-8859-1")], "\(feed.problems)")
    }

    @Test func unknownCharsetLabelFallsBackToUTF8() throws {
        #expect(try Fixture.feed("encoding-unknown-charset-label.xml").title == "Café")
    }

    @Test func anUnknownServerCharsetIsNamedWhenTheDocumentIsUTF16WithoutABOM() throws {
        let feed = try Fixture.feed("encoding-utf16le-no-bom.xml", contentType: "application/rss+xml; charset=klingon-1")
        #expect(feed.title == Self.unicode)
        #expect(feed.problems == [.unknownCharset(label: "klingon-1", readAs: "UTF-16LE")])
    }

    @Test func anEmptyServerCharsetNamesNoCharset() throws {
        #expect(try Fixture.feed("encoding-utf16le-no-bom.xml", contentType: "application/rss+xml; charset=").problems == [])
        let utf8 = try #require(FeedParser.parse(Data(FeedProblemTests.rss(items: "").utf8), url: "https://example.com/feed.xml",
                                                 contentType: "text/xml; charset=\"\"").feed)
        #expect(utf8.problems == [])
    }

    @Test func invalidBytesInALegacyCharsetBecomeReplacementCharacters() throws {
        let title = try #require(try Fixture.feed("encoding-invalid-shift-jis-bytes.xml").title)
        #expect(title.hasPrefix("日本"))
        #expect(title.hasSuffix("語"))
        #expect(title.contains("\u{FFFD}"))
    }
}
