import WirewatchCore

/// A 64-bit SimHash over word 3-shingles: the same story, lightly edited or
/// re-headlined by another outlet, lands within a few bits.
public enum StoryFingerprint {
    public static func simhash(_ tokens: [Token]) -> UInt64 {
        guard !tokens.isEmpty else { return 0 }
        // One FNV-1a hash per word, then shingles combine three word hashes:
        // the same value as hashing the shingle's words, at a third of the cost.
        let words = tokens.map { StableHash.fnv1a64([$0.folded]) }
        var counts = [Int32](repeating: 0, count: 64)
        let width = min(3, words.count)
        for i in 0...(words.count - width) {
            var h = words[i]
            for k in 1..<width { h = (h &* 0x9E37_79B9_7F4A_7C15) ^ words[i + k] }
            h ^= h >> 29
            h = h &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 32
            for bit in 0..<64 { counts[bit] += Int32((h >> UInt64(bit)) & 1) &* 2 &- 1 }
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
