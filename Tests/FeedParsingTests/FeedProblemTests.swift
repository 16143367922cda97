@testable import FeedParsing
import Foundation
import Testing

/// What the parser reports when it had to repair, cut or ignore something
/// to read a feed: one test per kind of problem, and none for a clean feed.
@Suite struct FeedProblemTests {
    static func rss(items: String, prologue: String = "") -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + prologue + #"<rss version="2.0"><channel><title>t</title>"# + items + "</channel></rss>"
    }

    static func item(_ description: String) -> String {
        "<item><guid>g1</guid><title>Harbour report</title><description>\(description)</description></item>"
    }

    static func parse(_ document: String, limits: ParseLimits = ParseLimits()) throws -> ParsedFeed {
        try parse(Data(document.utf8), limits: limits)
    }

    static func parse(_ document: Data, limits: ParseLimits = ParseLimits(), contentType: String? = nil) throws -> ParsedFeed {
        try #require(FeedParser.parse(document, url: "https://example.com/feed.xml", contentType: contentType, limits: limits).feed)
    }

    /// Every fixture that is not damaged on purpose reads without a problem: real feeds' quirks
    /// (HTML entities, a bare "&", undeclared prefixes, RSS 0.91's DOCTYPE) are not damage.
    @Test func theCleanFixturesHaveNoProblems() throws {
        let damaged = ["encoding-http-charset-overrides-declaration.xml", "encoding-no-declaration-latin1-bytes.xml",
                       "encoding-utf8-with-stray-cp1252-bytes.xml", "encoding-invalid-shift-jis-bytes.xml",
                       "encoding-unknown-charset-label.xml", "encoding-latin1-declared-but-utf8.xml"]
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path).sorted()
            .filter { !$0.hasPrefix("hostile-") && !$0.hasPrefix("ill-formed-") && !damaged.contains($0) }
        #expect(names.count > 100)
        for name in names {
            guard case .feed(let feed) = try Fixture.outcome(name) else { continue }
            #expect(feed.problems == [], "\(name): \(feed.problems.summary ?? "")")
        }
    }

    @Test func aDoctypeWithoutEntitiesIsNoProblem() throws {
        let doc = #"<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">"#
            + #"<rss version="0.91"><channel><title>t</title><item><title>a</title></item></channel></rss>"#
        let feed = try Self.parse(doc)
        #expect(feed.problems == [])
        #expect(feed.entries.count == 1)
    }

    @Test func invalidUTF8IsCountedWithItsFirstOffset() throws {
        var body = Data(Self.rss(items: Self.item("before")).utf8)
        let at = body.count - 40
        body.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80], at: at)
        let feed = try Self.parse(body)
        // C3 (before "("), FF, FE, the surrogate's three bytes and the five of F8 88 80 80 80.
        #expect(feed.problems == [.invalidBytes(count: 11, charset: "UTF-8", readAs: "windows-1252", firstOffset: at)])
        #expect(feed.problems.summary == "11 bytes not valid UTF-8 read as windows-1252 (first at byte \(at))")
        #expect(feed.entries.count == 1)
    }

    @Test func offsetsCountTheByteOrderMark() throws {
        let body = Data([0xEF, 0xBB, 0xBF]) + Data("<rss version=\"2.0\"><channel><title>caf".utf8) + Data([0xE9]) + Data("</title></channel></rss>".utf8)
        let feed = try Self.parse(body)
        #expect(feed.problems == [.invalidBytes(count: 1, charset: "UTF-8", readAs: "windows-1252", firstOffset: 41)])
        #expect(feed.title == "café")
    }

    @Test func theInvalidShiftJISFixtureSaysSo() throws {
        #expect(try Fixture.feed("encoding-invalid-shift-jis-bytes.xml").problems.map(\.kind) == ["invalid-bytes"])
    }

    @Test func bytesIconvCannotReadAreCountedInTheirCharset() throws {
        let head = Data(#"<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><title>"#.utf8)
        // 日本 in Shift_JIS, then a lead byte whose trail byte is missing.
        let body = head + Data([0x93, 0xFA, 0x96, 0x7B, 0x81, 0x20, 0x41]) + Data("</title></channel></rss>".utf8)
        let feed = try Self.parse(body)
        #expect(feed.problems == [.invalidBytes(count: 1, charset: "CP932", readAs: "U+FFFD", firstOffset: head.count + 4)])
        #expect(feed.problems.summary == "1 byte not valid CP932 read as U+FFFD (first at byte \(head.count + 4))")
        #expect(feed.title == "日本\u{FFFD} A")
    }

    @Test func aDocumentInTheCharsetItDeclaresIsNoProblem() throws {
        let body = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>caf".utf8) + Data([0xE9])
            + Data("</title></channel></rss>".utf8)
        let feed = try Self.parse(body)
        #expect(feed.problems == [])
        #expect(feed.title == "café")
    }

    @Test func nulBytesAreDroppedAndCounted() throws {
        var body = Data(Self.rss(items: Self.item("before after")).utf8)
        let at = body.count - 45
        body.insert(contentsOf: [0, 0, 0, 0], at: at)
        let feed = try Self.parse(body)
        #expect(feed.problems == [.controlCharactersDropped(count: 4, firstByte: 0, firstOffset: at, allNUL: true)])
        #expect(feed.problems.summary == "4 NUL bytes dropped (first at byte \(at))")
    }

    @Test func otherControlCharactersAreNamed() throws {
        let feed = try Fixture.feed("ill-formed-control-characters.xml")
        let problem = try #require(feed.problems.first)
        guard case .controlCharactersDropped(let count, let byte, _, let allNUL) = problem else {
            Issue.record("\(feed.problems)")
            return
        }
        #expect(count == 4 && byte == 0x01 && !allNUL)
        #expect(problem.description.hasPrefix("4 control characters XML forbids dropped (first, 0x01, at byte "))
    }

    @Test func anIllFormedDocumentNamesItsFirstErrorByLineAndColumn() throws {
        let doc = "<rss version=\"2.0\"><channel><title>t</title>\n<item><title>a</b></title></item><item><title>second</title></item></channel></rss>"
        let feed = try Self.parse(doc)
        let problem = try #require(feed.problems.first)
        guard case .notWellFormed(let line, let column, let message, let errors, let endsEarly) = problem else {
            Issue.record("\(feed.problems)")
            return
        }
        #expect(line == 2 && column == 19) // just after "</b>"
        #expect(message.contains("mismatch"))
        #expect(errors >= 1)
        #expect(problem.description.hasPrefix("not well-formed XML, read as far as it goes: 2:19: "))
        #expect(feed.entries.count >= 1)
        #expect(!endsEarly)
    }

    /// Unescaped HTML with an unclosed tag in one entry's description does not swallow the entries after it:
    /// libxml2 opened the next `<item>` inside the last (review of this session, 20).
    @Test func anUnclosedTagInADescriptionLosesNoLaterEntry() throws {
        let items = "<item><guid>a</guid><title>One</title><description>Line one<b>line two</description></item>"
            + "<item><guid>b</guid><title>Two</title><description>second<i>italic</description></item>"
            + "<item><guid>c</guid><title>Three</title><description>third</description></item>"
        let feed = try Self.parse(Self.rss(items: items))
        #expect(feed.entries.map(\.title) == ["One", "Two", "Three"])
        #expect(feed.entries.map(\.summary) == ["Line oneline two", "seconditalic", "third"], "\(feed.entries.map(\.summary))")
        #expect(feed.problems.contains { $0.kind == "not-well-formed" })
    }

    /// A document cut short says so in the same words wherever the cut fell (in text, in a start tag, in an end
    /// tag), where libxml2's words differ, so the daemon warns of it once (review of this session, 9).
    @Test func aDocumentCutShortSaysSoWhereverTheCutFell() throws {
        let doc = Self.rss(items: (1...3).map { Self.item("Story number \($0) with some words") }.joined())
        let cuts = [doc.range(of: "Story number 3")!.upperBound, doc.range(of: "<description>", options: .backwards)!.lowerBound,
                    doc.range(of: "</title>", options: .backwards)!.lowerBound]
        for cut in cuts {
            let cutDoc = String(doc[..<doc.index(cut, offsetBy: 4)])
            let feed = try Self.parse(cutDoc)
            let problem = try #require(feed.problems.first { $0.kind == "not-well-formed" }, "\(cutDoc.suffix(30))")
            #expect(problem.description.hasPrefix("not well-formed XML, read as far as it goes: the document ends before its elements close; "),
                    "\(problem)")
        }
        // A whole document with an unclosed <b> or <title> leaves its root open too, but is not cut (review of this session, 8).
        for broken in [Self.item("Line one<b>line two"), "<item><title>Two</item>"] {
            let feed = try Self.parse(Self.rss(items: Self.item("first") + broken + Self.item("last")))
            let problem = try #require(feed.problems.first { $0.kind == "not-well-formed" })
            #expect(!problem.description.contains("ends before"), "\(problem)")
        }
    }

    @Test func entityDeclarationsAreReportedWithTheSystemIdentifiersNeverRead() throws {
        let prologue = #"<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/stolen"><!ENTITY lol "lol">]>"#
        let feed = try Self.parse(Self.rss(items: Self.item("&xxe; &net; &lol;"), prologue: prologue))
        #expect(feed.problems == [.declarationsIgnored(externalDTD: "http://127.0.0.1:9/evil.dtd", entities: [
            .init(name: "xxe", systemID: "file:///etc/passwd"), .init(name: "net", systemID: "http://127.0.0.1:9/stolen"), .init(name: "lol"),
        ])])
        #expect(feed.problems.summary == "DOCTYPE ignored: external DTD http://127.0.0.1:9/evil.dtd not loaded; external entities not read: "
            + "xxe (SYSTEM file:///etc/passwd), net (SYSTEM http://127.0.0.1:9/stolen); 1 internal entity not expanded")
        #expect(feed.entries.first?.summary == "&xxe; &net; &lol;")
    }

    @Test func parameterEntitiesAreNamedWithTheirPercentSign() throws {
        let feed = try Fixture.feed("hostile-xxe-parameter-entity.xml")
        let declared = feed.problems.compactMap { p -> [FeedProblem.IgnoredEntity]? in
            if case .declarationsIgnored(_, let entities) = p { return entities }
            return nil
        }.first ?? []
        #expect(declared.contains { $0.parameter && $0.systemID != nil })
        #expect(feed.problems.summary?.contains("%") == true)
    }

    @Test func nestingPastTheLimitIsCounted() throws {
        let feed = try Self.parse(Self.rss(items: Self.item(String(repeating: "<a>", count: 1000) + "deep" + String(repeating: "</a>", count: 1000))))
        // rss, channel, item and description take four of the 256 levels.
        #expect(feed.problems == [.nestingTooDeep(limit: 256, skipped: 1000 - 252)])
        #expect(feed.problems.summary == "elements nested deeper than 256 levels: 748 skipped")
        #expect(feed.entries.first?.title == "Harbour report")
    }

    @Test func elementsPastTheLimitAreCountedAndTheEntriesCapNamesAFloor() throws {
        let items = String(repeating: "<item><title>i</title></item>", count: 60_000)
        let feed = try Self.parse(Self.rss(items: items))
        // 100,000 elements: rss, channel, title, then 49,998 items of two and the first element of one more.
        #expect(feed.entries.count == 10_000)
        #expect(feed.problems == [
            .tooManyEntries(found: 49_999, limit: 10_000, atLeast: true),
            .tooManyElements(limit: 100_000, skipped: 120_000 - 99_997),
        ])
        #expect(feed.problems.summary == "more than 49,999 entries, only the first 10,000 read (and 1 more problem)")
    }

    @Test func theEntriesCapIsConfigurableAndKeepsTheFirst() throws {
        let items = (1...30).map { "<item><guid>g\($0)</guid><title>n\($0)</title></item>" }.joined()
        let feed = try Self.parse(Self.rss(items: items), limits: ParseLimits(maxEntries: 25))
        #expect(feed.entries.map(\.id) == (1...25).map { "g\($0)" })
        #expect(feed.entriesNotBuilt == 5)
        #expect(feed.problems == [.tooManyEntries(found: 30, limit: 25, atLeast: false)])
        #expect(feed.problems.summary == "30 entries, only the first 25 read")
        #expect(try Self.parse(Self.rss(items: items), limits: ParseLimits(maxEntries: 30)).problems == [])
    }

    @Test func entriesSharingOneGuidAreToldApartByTheirLinks() throws {
        let items = (1...3).map { "<item><guid>https://example.com/</guid><title>n\($0)</title><link>https://example.com/\($0)</link></item>" }
            .joined() + "<item><guid>g4</guid><title>n4</title></item><item><guid>g4</guid><title>n4</title></item>"
        let feed = try Self.parse(Self.rss(items: items))
        #expect(feed.entries.map(\.id) == ["https://example.com/1", "https://example.com/2", "https://example.com/3", "g4", "g4"])
        #expect(feed.problems == [.sharedIDs(entries: 3, example: "https://example.com/")])
        #expect(feed.problems.summary == "3 entries share an id with another entry ('https://example.com/'); told apart by link, or by title and date where there is no link, and by text where those are the same")
    }

    @Test func anEntryOfASharedIDAddedOrGoneLeavesTheOthersTheirIDs() throws {
        func item(_ n: Int) -> String { "<item><guid>G</guid><title>n\(n)</title><link>https://example.com/\(n)</link></item>" }
        func ids(_ ns: [Int]) throws -> [String] { try Self.parse(Self.rss(items: ns.map(item).joined())).entries.map(\.id) }
        let three = try ids([1, 2, 3])
        #expect(three == ["https://example.com/1", "https://example.com/2", "https://example.com/3"])
        // A new item at the top, one dropped at the bottom: the entries that stay keep their ids, so they stay seen.
        #expect(try ids([4, 1, 2, 3]).dropFirst() == three[...])
        #expect(try ids([1, 2]) == Array(three.prefix(2)))
        // Without links, title and date tell them apart, just as stably.
        func bare(_ n: Int) -> String { "<item><guid>G</guid><title>n\(n)</title><pubDate>Sun, 0\(n) Nov 2026 10:00:00 GMT</pubDate></item>" }
        func bareIDs(_ ns: [Int]) throws -> [String] { try Self.parse(Self.rss(items: ns.map(bare).joined())).entries.map(\.id) }
        let bareThree = try bareIDs([1, 2, 3])
        #expect(Set(bareThree).count == 3 && !bareThree.contains("G"))
        #expect(try bareIDs([4, 1, 2, 3]).dropFirst() == bareThree[...])
        #expect(try bareIDs([2, 3]) == Array(bareThree.suffix(2)))
    }

    @Test func itemsWithNothingButADescriptionAreEachTheirOwnEntry() throws {
        // A ticker's items: no guid, link, title or date. All shared one id, and all but the first were dropped.
        func flash(_ n: Int) -> String { "<item><description>Flash \(n): export controls widened.</description></item>" }
        func ids(_ ns: [Int]) throws -> [String] { try Self.parse(Self.rss(items: ns.map(flash).joined())).entries.map(\.id) }
        let three = try ids([1, 2, 3])
        #expect(Set(three).count == 3 && three.allSatisfy { $0.hasPrefix("text:") })
        // Known by their text, whatever else the feed lists: a new flash at the top leaves the others seen.
        #expect(try ids([4, 1, 2, 3]).dropFirst() == three[...])
        #expect(try Self.parse(Self.rss(items: [1, 2, 3].map(flash).joined())).problems == [])
        // Titled items keep the identity they had.
        #expect(try Self.parse(Self.rss(items: "<item><title>t</title><description>d</description></item>")).entries[0].id.hasPrefix("title:"))
    }

    @Test func linklessEntriesOfOneTitleAreToldApartByTheirText() throws {
        let updates = ["Shares fell.", "Shares rose."].map { "<item><title>Market update</title><description>\($0)</description></item>" }.joined()
        let feed = try Self.parse(Self.rss(items: updates))
        #expect(Set(feed.entries.map(\.id)).count == 2)
        #expect(feed.problems == [.sharedIDs(entries: 2, example: EntryIdentity.id(explicit: nil, link: nil, title: "Market update", date: nil))])
        // The same item listed twice is still one.
        let twice = String(repeating: "<item><title>Market update</title><description>Shares fell.</description></item>", count: 2)
        let one = try Self.parse(Self.rss(items: twice))
        #expect(Set(one.entries.map(\.id)).count == 1)
        #expect(one.problems == [])
    }

    @Test func oneIDWithOneLinkStaysOneEntryWhateverItsTitles() throws {
        // The guid is the link, the titles differ: one entry, under its guid, as before.
        let sameAsLink = (1...2).map { "<item><guid>https://example.com/a</guid><title>t\($0)</title><link>https://example.com/a</link></item>" }.joined()
        let one = try Self.parse(Self.rss(items: sameAsLink))
        #expect(one.entries.map(\.id) == ["https://example.com/a", "https://example.com/a"])
        #expect(one.problems == [])
        // An item listed twice, its title edited in one copy: still the item already seen under its guid.
        let edited = ["Draft", "Final"].map { "<item><guid>g1</guid><title>\($0)</title><link>https://example.com/a</link></item>" }.joined()
        let twice = try Self.parse(Self.rss(items: edited))
        #expect(twice.entries.map(\.id) == ["g1", "g1"])
        #expect(twice.problems == [])
    }

    @Test func aCharsetNobodyKnowsIsNamedAndTheDocumentReadAsUTF8() throws {
        let declared = Data(#"<?xml version="1.0" encoding="x-nonsense-42"?><rss version="2.0"><channel><title>t</title><item><title>caf"#.utf8)
            + Data([0xE9]) + Data("</title><link>https://example.com/1</link></item></channel></rss>".utf8)
        let feed = try Self.parse(declared)
        #expect(feed.entries.first?.title == "café")
        #expect(feed.problems == [.unknownCharset(label: "x-nonsense-42", readAs: "UTF-8"),
                                  .invalidBytes(count: 1, charset: "UTF-8", readAs: "windows-1252", firstOffset: 106)])
        #expect(feed.problems.summary == "unknown charset 'x-nonsense-42', read as UTF-8 (and 1 more problem)")
        // A server's unknown charset gives way to what the document declares.
        let latin1 = Data(#"<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>caf"#.utf8) + Data([0xE9])
            + Data("</title></channel></rss>".utf8)
        let served = try Self.parse(latin1, contentType: "application/rss+xml; charset=klingon-1")
        #expect(served.title == "café")
        #expect(served.problems == [.unknownCharset(label: "klingon-1", readAs: "windows-1252")])
    }

    /// The server's charset label is its words: an ESC sequence in it is shown as codes, not sent to the terminal
    /// that runs `feeds` or reads the journal.
    @Test func anUnknownCharsetsControlCharactersAreShownAsCodes() {
        let problem = FeedProblem.unknownCharset(label: "\u{1B}]0;pwned\u{07}", readAs: "UTF-8")
        #expect(problem.description == "unknown charset '\\u{1B}]0;pwned\\u{07}', read as UTF-8")
    }

    @Test func theEntriesCapHoldsForJSONFeeds() throws {
        let items = (1...5).map { #"{"id":"j\#($0)","content_text":"x"}"# }.joined(separator: ",")
        let feed = try Self.parse(#"{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[\#(items)]}"#, limits: ParseLimits(maxEntries: 2))
        #expect(feed.entries.map(\.id) == ["j1", "j2"])
        #expect(feed.entriesNotBuilt == 3)
        #expect(feed.problems == [.tooManyEntries(found: 5, limit: 2, atLeast: false)])
    }

    @Test func aMegabyteWordIsCutOnceWhereverItShows() throws {
        let feed = try Self.parse(Self.rss(items: Self.item(String(repeating: "x", count: 1 << 20) + " after")))
        #expect(feed.problems == [.wordsCut(count: 1, limit: 4096)])
        #expect(feed.problems.summary == "1 word (text without a space) longer than 4,096 bytes cut")
        let entry = try #require(feed.entries.first)
        #expect(entry.summary == String(repeating: "x", count: 4096) + "… after")
        #expect(entry.contentHTML?.utf8.count ?? 0 < 4200)
        #expect(entry.contentHTML?.contains(String(repeating: "x", count: 4096) + "… after") == true, "\(entry.contentHTML?.suffix(40) ?? "")")
    }

    @Test func aLongWordInABodyIsCutInItsTextWhenTheTextIsRendered() throws {
        let body = "&lt;p&gt;" + String(repeating: "y", count: 10_000) + " after&lt;/p&gt;"
        let feed = try Self.parse(Self.rss(items: "<item><guid>g1</guid><title>Harbour report</title>"
            + "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\(body)</content:encoded></item>"))
        #expect(feed.problems == [.wordsCut(count: 1, limit: 4096)])
        let entry = try #require(feed.entries.first)
        #expect(entry.contentHTML?.contains(String(repeating: "y", count: 4096) + "… after") == true)
        #expect(entry.content == String(repeating: "y", count: 4096) + "… after")
    }

    @Test func longURLsInsideTagsAreLeftAlone() throws {
        let url = "https://example.com/" + String(repeating: "a", count: 6000)
        let html = "&lt;p&gt;see &lt;a href=\"\(url)\"&gt;this&lt;/a&gt;&lt;/p&gt;"
        let feed = try Self.parse(Self.rss(items: Self.item(html)))
        #expect(feed.problems == [])
        #expect(feed.entries.first?.contentHTML?.contains(url) == true)
    }

    @Test func aWordIsCutAtACharacterBoundary() throws {
        let feed = try Self.parse(Self.rss(items: Self.item("a" + String(repeating: "é", count: 3000))))
        let summary = try #require(feed.entries.first?.summary)
        #expect(summary.hasSuffix("é…"))
        #expect(summary.utf8.count == 4095 + 3)
    }

    @Test func textPastTheElementLimitIsCounted() throws {
        var doc = Data(#"<rss version="2.0"><channel><title>t</title><item><title>a</title><description>"#.utf8)
        doc.append(Data(repeating: UInt8(ascii: "w"), count: (8 << 20) + 1000))
        doc.append(Data("</description></item></channel></rss>".utf8))
        let feed = try Self.parse(doc)
        #expect(feed.problems.first == .textCut(limit: 8 << 20, bytesDropped: 1000))
        #expect(feed.problems.map(\.kind) == ["text-cut", "words-cut"])
    }

    @Test func textIsCutAtTheLimitBeforeACharacterThatWouldNotFitWhole() throws {
        var doc = Data(#"<rss version="2.0"><channel><title>t</title><item><title>a</title><description>"#.utf8)
        doc.append(Data((String(repeating: "w ", count: ((8 << 20) - 1) / 2) + "wé tail").utf8))  // "é" starts 1 byte before the limit
        doc.append(Data("</description></item></channel></rss>".utf8))
        let feed = try Self.parse(doc)
        #expect(feed.problems.first == .textCut(limit: 8 << 20, bytesDropped: 7))
        let summary = try #require(feed.entries.first?.summary)
        #expect(summary.hasSuffix("w w"))
        #expect(String(decoding: Array(summary.utf8), as: UTF8.self) == summary)
    }

    @Test func bracketReferencesBeforeAGreaterThanStayWellFormedThroughTheRepair() throws {
        // &rsquo; makes the repair pass rewrite the document; "]]>" written out would be an error of its own.
        let doc = #"<rss version="2.0"><channel><title>t</title><item><title>a&#93;&#93;>b&rsquo;</title></item></channel></rss>"#
        let feed = try Self.parse(Data(doc.utf8))
        #expect(feed.entries.first?.title == "a]]>b’")
        #expect(feed.problems.isEmpty, "\(feed.problems)")
    }

    @Test func theSummaryNamesTheMostConsequentialProblemFirst() throws {
        var body = Data(Self.rss(items: String(repeating: Self.item("x\u{0}y"), count: 3)).utf8)
        body.insert(0xFF, at: try #require(body.range(of: Data("y".utf8))).lowerBound)
        let feed = try Self.parse(body, limits: ParseLimits(maxEntries: 2))
        #expect(feed.problems.map(\.kind) == ["too-many-entries", "invalid-bytes", "control-characters"])
        #expect(feed.problems.summary == "3 entries, only the first 2 read (and 2 more problems)")
    }
}
