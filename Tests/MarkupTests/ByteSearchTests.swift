import Testing
@testable import Markup

@Suite struct ByteSearchTests {
    func index(_ needle: String, in hay: String, from: Int = 0) -> Int? {
        Array(hay.utf8).withUnsafeBufferPointer { $0.firstIndex(ofBytes: Array(needle.utf8), from: from) }
    }

    @Test func findsTheFirstWholeOccurrenceFromAnOffset() {
        #expect(index("-->", in: "<!-- a -- b -->") == 12)
        #expect(index("]]>", in: "x]]]>") == 2)
        #expect(index(">", in: "<a><b>", from: 3) == 5)
        #expect(index("ab", in: "xxa") == nil)  // a partial match at the end is no match
        #expect(index("?>", in: "") == nil)
        #expect(index("", in: "abc", from: 2) == 2)
        #expect(index(">", in: "<a>", from: 9) == nil)
    }

    @Test func stringsAskByBytes() {
        #expect("application/xhtml+xml".containsBytes("html"))
        #expect(!"text/plain".containsBytes("html"))
        #expect(!"htm".containsBytes("html"))
    }
}
