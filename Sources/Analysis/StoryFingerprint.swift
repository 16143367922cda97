import WirewatchCore

/// A 64-bit SimHash over word 3-shingles: the same story, lightly edited or
/// re-headlined by another outlet, lands within a few bits.
public enum StoryFingerprint {
    public static func simhash(_ tokens: [Token]) -> UInt64 { simhash(words: tokens.map(\.hash)) }

    /// `simhash` of the words' hashes.
    static func simhash(words: [UInt64]) -> UInt64 {
        guard !words.isEmpty else { return 0 }
        // One FNV-1a hash per folded word, then a shingle mixes three word hashes.
        let width = min(3, words.count)
        var votes = Votes()
        votes.add(words, shingles: 0..<(words.count - width + 1), width: width)
        return votes.simhash
    }

    /// The title's words as a set of 64 bits (each word's hash sets one), nil without a title: what tells one
    /// report re-posted under a reworded headline from other stories under one teaser or page chrome, whose full
    /// fingerprints a long shared body brings within a few bits of each other (`sameHeadline`).
    public static func titleWords(_ tokens: [Token], titleEnd: Int) -> UInt64? {
        var bits: UInt64 = 0
        // The title's tokens come first: the body's are not read.
        for t in tokens {
            guard t.start < titleEnd else { break }
            bits |= 1 << (t.hash % 64)
        }
        return bits == 0 ? nil : bits
    }

    /// Whether two titles share more than half of their words together ("Fed holds rates steady" and "UPDATE 1-Fed
    /// holds rates steady"; not "Fed holds rates" and "BoE holds rates"); false when either is unknown.
    public static func sameHeadline(_ a: UInt64?, _ b: UInt64?) -> Bool {
        guard let a, let b else { return false }
        return 2 * (a & b).nonzeroBitCount > (a | b).nonzeroBitCount
    }

    /// The fewest words a body needs for a fingerprint of its own. Below it a body is a lede, a
    /// blurb or a line of boilerplate: two outlets' one-sentence summaries of different reports
    /// share too much of their wording for agreement between them to mean one report
    /// (docs/analysis.md, "Story fingerprint", has the numbers).
    public static let bodyFloor = 40

    /// The fingerprint of the whole text, and that of the body's words alone (those from
    /// `bodyStart` on), nil when the body has fewer than `bodyFloor` words: what tells a wire
    /// report under another outlet's headline. `body` is `simhash` of the body's tokens.
    /// `skipped`: per token, whether it is left out (`StoryWording`); nil keeps them all.
    public static func fingerprints(_ tokens: [Token], bodyStart: Int, skipped: [Bool]? = nil) -> (full: UInt64, body: UInt64?) {
        // The title's tokens come first: those before `bodyStart`, counted as they are read.
        var words: [UInt64] = [], first = 0
        words.reserveCapacity(tokens.count)
        for (k, t) in tokens.enumerated() where skipped?[k] != true {
            if t.start < bodyStart { first += 1 }
            words.append(t.hash)
        }
        guard words.count - first >= bodyFloor else { return (simhash(words: words), nil) }
        // A shingle that starts in the body lies wholly in it, so the body's shingles are the
        // text's last ones: each is hashed and counted once, for both fingerprints.
        var body = Votes()
        body.add(words, shingles: first..<(words.count - 2), width: 3)
        var full = body
        full.add(words, shingles: 0..<first, width: 3)
        return (full.simhash, body.simhash)
    }

    /// How many shingles set each bit, kept eight bits at a time: each byte of a shingle's hash
    /// adds its eight bits through a table, instead of 64 shifts per shingle.
    private struct Votes {
        var counts = [SIMD8<Int32>](repeating: .zero, count: 8)
        var shingles: Int32 = 0

        /// Adds the shingles of `width` words starting at each index of `starts`.
        mutating func add(_ words: [UInt64], shingles starts: Range<Int>, width: Int) {
            for i in starts {
                var h = words[i]
                for k in 1..<width { h = (h &* 0x9E37_79B9_7F4A_7C15) ^ words[i + k] }
                h ^= h >> 29
                h = h &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 32
                for j in 0..<8 { counts[j] &+= byteBits[Int(truncatingIfNeeded: (h >> UInt64(8 * j)) & 0xFF)] }
            }
            shingles += Int32(starts.count)
        }

        /// A bit is set when more than half the shingles set it.
        var simhash: UInt64 {
            var v: UInt64 = 0
            for j in 0..<8 {
                for b in 0..<8 where counts[j][b] &* 2 > shingles { v |= 1 << UInt64(8 * j + b) }
            }
            return v
        }
    }

    /// For each byte value, its eight bits as 0/1 lanes.
    private static let byteBits: [SIMD8<Int32>] = (0..<256).map { byte in
        var lanes = SIMD8<Int32>.zero
        for b in 0..<8 { lanes[b] = Int32((byte >> b) & 1) }
        return lanes
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// Two fingerprints within `maxDistance` bits are taken to be one story.
    public static func sameStory(_ a: UInt64, _ b: UInt64, maxDistance: Int = 3) -> Bool {
        distance(a, b) <= maxDistance
    }
}
