import Analysis
import Testing

@Suite struct StoryIndexTests {
    static let analyzer = Analyzer(knowledge: KnowledgeBase())
    /// A news-length report, as two outlets carry it: each with its own headline, one with a line more.
    static let body = """
        The European Commission fined a large search company on Tuesday for abusing its dominance in online advertising, \
        the third such penalty in a decade. Officials in Brussels said the company had favoured its own services and \
        must change its practices within ninety days or face further daily fines. The company said it would appeal, \
        arguing that the market had changed beyond recognition since the investigation began. Rivals welcomed the \
        decision but said the fine was small next to the company's annual profits, and called for a break-up. \
        Analysts expect the appeal to take years. In the meantime the company has to show the Commission how it will \
        separate its advertising exchange from the tools it sells to publishers and advertisers, a demand it has \
        resisted in two earlier cases. Shares in the company were little changed in early trading in New York, and \
        the wider technology index rose slightly. Lawmakers in Washington, who are pursuing a similar case in a \
        federal court in Virginia, said they were watching the European decision closely. A ruling there is due next \
        year, and could force the sale of parts of the business. Consumer groups said that years of fines had not \
        changed how the market works, and that only structural remedies would.
        """

    @Test func aReheadlinedCopyIsTheSameStory() {
        let a = Self.analyzer.analyze(title: "EU fines search giant over advertising", html: Self.body)
        let b = Self.analyzer.analyze(title: "Brussels fines search giant", html: Self.body + " The company did not comment further.")
        let other = Self.analyzer.analyze(title: "Storm closes schools", html: "Heavy snow closed schools across the north on Monday, and trains were cancelled.")
        #expect(StoryFingerprint.sameStory(a.fingerprint, b.fingerprint))
        #expect(!StoryFingerprint.sameStory(a.fingerprint, other.fingerprint))
        var index = StoryIndex()
        let first = index.assign(a.fingerprint)
        #expect(index.assign(b.fingerprint) == first)
        #expect(index.assign(other.fingerprint) != first)
    }

    @Test func findsEveryFingerprintWithinThreeBits() {
        var index = StoryIndex(capacity: 1000)
        var rng = SystemRandomNumberGenerator()
        var stored: [UInt64] = []
        for i in 0..<500 {
            let f = rng.next() as UInt64
            stored.append(f)
            index.insert(f, story: "s\(i)")
        }
        for (i, f) in stored.enumerated() {
            // Flip three distinct bits: still found, with its own story.
            let flipped = f ^ (1 << UInt64(i % 64)) ^ (1 << UInt64((i + 21) % 64)) ^ (1 << UInt64((i + 42) % 64))
            let hit = index.lookup(flipped)
            #expect(hit?.story == "s\(i)" && hit?.distance == 3)
        }
    }

    @Test func forgetsTheOldestWhenFull() {
        var index = StoryIndex(capacity: 2)
        index.insert(0x1111, story: "a")
        index.insert(0x2222_0000_0000, story: "b")
        index.insert(0x3333_0000_0000_0000, story: "c")
        #expect(index.lookup(0x1111) == nil)
        #expect(index.lookup(0x2222_0000_0000)?.story == "b")
        #expect(index.count == 2)
    }
}
