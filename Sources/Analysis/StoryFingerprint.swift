import WirewatchCore

/// A 64-bit SimHash over word 3-shingles: the same story, lightly edited or
/// re-headlined by another outlet, lands within a few bits.
public enum StoryFingerprint {
    public static func simhash(_ tokens: [Token]) -> UInt64 {
        let words = tokens.map(\.folded)
        guard !words.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 64)
        let width = min(3, words.count)
        for i in 0...(words.count - width) {
            let h = StableHash.fnv1a64(Array(words[i..<(i + width)]))
            for bit in 0..<64 { counts[bit] += (h >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var v: UInt64 = 0
        for bit in 0..<64 where counts[bit] > 0 { v |= 1 << UInt64(bit) }
        return v
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// Two fingerprints within `maxDistance` bits are taken to be one story.
    public static func sameStory(_ a: UInt64, _ b: UInt64, maxDistance: Int = 3) -> Bool {
        distance(a, b) <= maxDistance
    }
}
