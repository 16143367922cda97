import WirewatchCore

/// A 64-bit SimHash over word 3-shingles: the same story, lightly edited or
/// re-headlined by another outlet, lands within a few bits.
public enum StoryFingerprint {
    public static func simhash(_ tokens: [Token]) -> UInt64 {
        guard !tokens.isEmpty else { return 0 }
        // One FNV-1a hash per folded word, then a shingle mixes three word hashes.
        let words = tokens.map(\.hash)
        // Bit counts kept eight at a time: each byte of a shingle's hash adds its
        // eight bits through a table, instead of 64 shifts per shingle.
        var counts = [SIMD8<Int32>](repeating: .zero, count: 8)
        let width = min(3, words.count)
        var shingles: Int32 = 0
        for i in 0...(words.count - width) {
            var h = words[i]
            for k in 1..<width { h = (h &* 0x9E37_79B9_7F4A_7C15) ^ words[i + k] }
            h ^= h >> 29
            h = h &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 32
            for j in 0..<8 { counts[j] &+= byteBits[Int(truncatingIfNeeded: (h >> UInt64(8 * j)) & 0xFF)] }
            shingles += 1
        }
        // A bit is set when more than half the shingles set it.
        var v: UInt64 = 0
        for j in 0..<8 {
            for b in 0..<8 where counts[j][b] &* 2 > shingles { v |= 1 << UInt64(8 * j + b) }
        }
        return v
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
