import Analysis

/// The rules' words (or wildcard prefixes) by their UTF-8 bytes: an
/// open-addressing hash table looked up with the analysis's `WordHash`,
/// which the caller computes while walking a token, so one pass over a token's bytes yields
/// the hash of every prefix as well as of the whole word. Swift's
/// `Dictionary<String, _>` costs several times more per lookup (SipHash and
/// String comparison), and these lookups are the matcher's fixed cost.
///
/// At 100,000 rules the table is far larger than the processor's caches, so
/// what a lookup costs is the memory it waits for: a slot holds everything
/// but the key's bytes (one wait, then one for the bytes when the tag
/// matches), and a filter in front of it turns away most tokens no rule uses.
struct WordTable: Sendable {
    /// Two words per slot: the key's tag (high 32 bits, never 0) and id (low
    /// 32 bits), 0 when empty; then where the key's bytes start (high 32
    /// bits) and how many there are (low 32 bits).
    private let slots: [UInt64]
    private let bytes: [UInt8]
    private let shift: UInt64
    /// A blocked Bloom filter: two bits per key, both in one 64-bit word, so
    /// that a key that is not there costs one read, of at most 16 KB (about
    /// 16 bits a key up to 8,000 keys): a filter of 64 KB, out of the
    /// first-level cache, measured no better at 100,000 rules.
    private let filter: [UInt64]
    private static let filterLimit = 2048
    /// Bit n set when some key is n bytes long (n < 64); bit 63 stands for every longer length too.
    let lengths: UInt64
    /// How many bytes the longest key has.
    let longest: Int

    let count: Int
    var isEmpty: Bool { count == 0 }

    init(_ keys: [String: Int32]) {
        var bits = 4
        while 1 << bits < keys.count * 2 { bits += 1 }
        shift = UInt64(64 - bits)
        var slots = [UInt64](repeating: 0, count: 2 << bits)
        var bytes: [UInt8] = []
        var filterWords = 1
        while filterWords < min(Self.filterLimit, keys.count / 4) { filterWords *= 2 }
        var filter = [UInt64](repeating: 0, count: filterWords)
        var lengths: UInt64 = 0, longest = 0
        for (key, id) in keys.sorted(by: { $0.value < $1.value }) {
            let h = WordHash.of(key)
            let (tag, first) = Self.place(h, shift)
            var s = first
            while slots[2 * s] != 0 { s = (s + 1) & (1 << bits - 1) }
            slots[2 * s] = UInt64(tag) << 32 | UInt64(UInt32(bitPattern: id))
            slots[2 * s + 1] = UInt64(bytes.count) << 32 | UInt64(key.utf8.count)
            let (word, mask) = Self.filterBits(h, filterWords)
            filter[word] |= mask
            bytes += key.utf8
            lengths |= 1 << UInt64(min(63, key.utf8.count))
            longest = max(longest, key.utf8.count)
        }
        count = keys.count
        self.filter = filter
        self.slots = slots; self.bytes = bytes; self.lengths = lengths; self.longest = longest
    }

    /// True when some key is `n` bytes long (or, past 62, possibly).
    @inline(__always)
    func hasKeys(ofLength n: Int) -> Bool { lengths >> UInt64(min(63, n)) & 1 != 0 }

    @inline(__always)
    private static func place(_ hash: UInt64, _ shift: UInt64) -> (tag: UInt32, slot: Int) {
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        return (UInt32(truncatingIfNeeded: mixed) | 1, Int(truncatingIfNeeded: mixed >> shift))
    }

    /// The filter word of a hash and its two bits: bits of the same mix as
    /// the slot's (a lookup is the matcher's fixed cost per token; the tag
    /// shares 12 of its 32 bits with them, which costs nothing measurable).
    @inline(__always)
    private static func filterBits(_ hash: UInt64, _ words: Int) -> (word: Int, mask: UInt64) {
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        return (Int(truncatingIfNeeded: mixed >> 32) & (words - 1), 1 << (mixed >> 20 & 63) | 1 << (mixed >> 26 & 63))
    }

    /// False when no key has this hash (the filter alone, without the table).
    @inline(__always)
    func mayContain(_ hash: UInt64) -> Bool {
        filter.withUnsafeBufferPointer { filter in
            let (word, mask) = Self.filterBits(hash, filter.count)
            return filter[word] & mask == mask
        }
    }

    /// The id of the key `key[0..<count]` whose `WordHash` is `hash`, or -1.
    @inline(__always)
    func id(_ key: UnsafeBufferPointer<UInt8>, count: Int, hash: UInt64) -> Int32 {
        guard mayContain(hash) else { return -1 }
        let (tag, first) = Self.place(hash, shift)
        return slots.withUnsafeBufferPointer { slots in
            let last = slots.count / 2 - 1
            var s = first
            while true {
                let slot = slots[2 * s]
                if slot == 0 { return -1 }
                if UInt32(truncatingIfNeeded: slot >> 32) == tag {
                    let place = slots[2 * s + 1]
                    if Int(truncatingIfNeeded: place & 0xFFFF_FFFF) == count, matches(Int(truncatingIfNeeded: place >> 32), key, count) {
                        return Int32(truncatingIfNeeded: slot)
                    }
                }
                s = (s + 1) & last
            }
        }
    }

    @inline(__always)
    private func matches(_ start: Int, _ key: UnsafeBufferPointer<UInt8>, _ count: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            for i in 0..<count where all[start + i] != key[i] { return false }
            return true
        }
    }

    /// The bytes its arrays hold (their elements), for `RuleBook.footprint()`.
    var arrayBytes: [Int] { [slots.capacity * 8, bytes.capacity, filter.capacity * 8] }
}
