/// A read-only hash table from 64-bit keys (word hashes, packed n-grams) to
/// small integers: open addressing, no per-lookup hashing of strings. The
/// analysis looks up every token in a few of these, so they must be cheap.
struct WordTable: Sendable {
    private let keys: [UInt64]
    private let values: [Int32]
    private let mask: Int

    /// `pairs` must have distinct keys; 0 is allowed as a key.
    init(_ pairs: [(UInt64, Int32)]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (k, v) in pairs {
            var slot = Self.slot(k, mask)
            while values[slot] >= 0 && keys[slot] != k { slot = (slot + 1) & mask }
            keys[slot] = k
            values[slot] = v
        }
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    @inline(__always)
    private static func slot(_ k: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    subscript(_ k: UInt64) -> Int32? {
        var slot = Self.slot(k, mask)
        return keys.withUnsafeBufferPointer { ks in
            values.withUnsafeBufferPointer { vs in
                while true {
                    let v = vs[slot]
                    if v < 0 { return nil }
                    if ks[slot] == k { return v }
                    slot = (slot + 1) & mask
                }
            }
        }
    }
}
