@testable import Daemon
import Testing

/// `feed salvaged` is warned when a feed becomes salvaged or its kind of damage changes, not at every new
/// document whose damage only moved (trial3 finding 9: a document cut at its Content-Length warned six times in
/// three minutes, the parser's words at the cut differing by a letter).
@Suite struct SalvageDamageTests {
    @Test func theSameDamageAtAnotherPlaceIsTheSame() {
        let cut = "not well-formed XML, read as far as it goes: 2:1383: Couldn't find end of Start Tag descriptio (and 1 more error)"
        let later = "not well-formed XML, read as far as it goes: 2:1387: Couldn't find end of Start Tag descript (and 1 more error)"
        #expect(FeedPoll.sameDamage(cut, later))
        #expect(FeedPoll.sameDamage("more than 33,333 entries, only the first 10,000 read", "more than 40,000 entries, only the first 10,000 read"))
        #expect(!FeedPoll.sameDamage(cut, "11 bytes not valid UTF-8 read as windows-1252 (first at byte 9)"))
        #expect(!FeedPoll.sameDamage(nil, cut))
        // Another kind of damage of the XML: said again (review of the lead's mends, 11).
        #expect(!FeedPoll.sameDamage(cut, "not well-formed XML, read as far as it goes: 5:20: Entity 'nbsp' not defined"))
        #expect(FeedPoll.sameDamage("not well-formed XML, read as far as it goes: 5:20: Entity 'nbsp' not defined",
                                    "not well-formed XML, read as far as it goes: 9:41: Entity 'nbsp' not defined (and 2 more errors)"))
    }

    /// A document cut short is one damage wherever the cut fell, libxml2's words for it aside (review of this session, 9).
    @Test func aDocumentCutAtAnotherKindOfPlaceIsTheSameDamage() {
        let cut = "not well-formed XML, read as far as it goes: the document ends before its elements close; "
        #expect(FeedPoll.sameDamage(cut + "1:1575: Extra content at the end of the document",
                                    cut + "1:1262: Couldn't find end of Start Tag descr (and 1 more error)"))
        #expect(FeedPoll.sameDamage(cut + "1:1262: Couldn't find end of Start Tag descr", cut + "1:922: expected '>' (and 2 more errors)"))
        #expect(!FeedPoll.sameDamage(cut + "1:922: expected '>'", "not well-formed XML, read as far as it goes: 5:20: Entity 'nbsp' not defined"))
    }
}
