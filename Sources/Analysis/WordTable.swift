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

/// 64-bit FNV-1a over UTF-8 bytes: the word hash the tables are keyed by.
enum WordHash {
    @inline(__always) static var basis: UInt64 { 0xcbf2_9ce4_8422_2325 }

    /// One byte more: the tokenizer hashes a word while it folds it.
    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    @inline(__always)
    static func of(_ s: String) -> UInt64 {
        var h = basis
        for b in s.utf8 { h = step(h, b) }
        return h
    }

    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> UInt64 {
        var h = basis
        for i in 0..<count { h = step(h, bytes[i]) }
        return h
    }
}
