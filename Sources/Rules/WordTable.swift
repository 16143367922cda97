/// The rules' words (or wildcard prefixes) by their UTF-8 bytes: an
/// open-addressing hash table looked up with a FNV-1a hash that the caller
/// computes while walking a token, so one pass over a token's bytes yields
/// the hash of every prefix as well as of the whole word. Swift's
/// `Dictionary<String, _>` costs several times more per lookup (SipHash and
/// String comparison), and these lookups are the matcher's fixed cost.
struct WordTable: Sendable {
    /// Per slot: the key's tag (high 32 bits) and its entry + 1 (low 32
    /// bits), 0 when empty; a miss rarely reads past the slots.
    private let slots: [UInt64]
    /// Entry `e`'s key is `bytes[starts[e]..<starts[e + 1]]`.
    private let starts: [Int32]
    private let bytes: [UInt8]
    private let ids: [Int32]
    private let shift: UInt64
    /// One bit per hash value's low bits, set for every key: most lookups
    /// of a key that is not there end here, in a bitmap small enough to stay
    /// in the first-level cache (a token is looked up once per prefix length).
    private let filter: [UInt64]
    /// Bit n set when some key is n bytes long (n < 64); bit 63 stands for every longer length too.
    let lengths: UInt64

    var isEmpty: Bool { ids.isEmpty }

    init(_ keys: [String: Int32]) {
        var bits = 4
        while 1 << bits < keys.count * 2 { bits += 1 }
        shift = UInt64(64 - bits)
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        var bytes: [UInt8] = [], starts: [Int32] = [0], ids: [Int32] = []
        var filterWords = 1   // about 16 bits a key, at most 16 KB
        while filterWords < min(2048, keys.count / 4) { filterWords *= 2 }
        var filter = [UInt64](repeating: 0, count: filterWords)
        var lengths: UInt64 = 0
        for (key, id) in keys.sorted(by: { $0.value < $1.value }) {
            var h = Self.seed
            for b in key.utf8 { h = Self.step(h, b) }
            let (tag, first) = Self.place(h, shift)
            var s = first
            while slots[s] != 0 { s = (s + 1) & (slots.count - 1) }
            slots[s] = UInt64(tag) << 32 | UInt64(ids.count + 1)
            let bit = Int(tag >> 1) & (filter.count * 64 - 1)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
            bytes += key.utf8
            starts.append(Int32(bytes.count))
            ids.append(id)
            lengths |= 1 << UInt64(min(63, key.utf8.count))
        }
        self.filter = filter
        self.slots = slots; self.bytes = bytes; self.starts = starts; self.ids = ids; self.lengths = lengths
    }

    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step: the hash of a key one byte longer.
    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// True when some key is `n` bytes long (or, past 62, possibly).
    @inline(__always)
    func hasKeys(ofLength n: Int) -> Bool { lengths >> UInt64(min(63, n)) & 1 != 0 }

    @inline(__always)
    private static func place(_ hash: UInt64, _ shift: UInt64) -> (tag: UInt32, slot: Int) {
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        return (UInt32(truncatingIfNeeded: mixed) | 1, Int(truncatingIfNeeded: mixed >> shift))
    }

    /// The id of the key `key[0..<count]` whose FNV-1a hash is `hash`, or -1.
    @inline(__always)
    func id(_ key: UnsafeBufferPointer<UInt8>, count: Int, hash: UInt64) -> Int32 {
        let (tag, first) = Self.place(hash, shift)
        let bit = Int(tag >> 1) & (filter.count * 64 - 1)
        guard filter[bit >> 6] >> UInt64(bit & 63) & 1 != 0 else { return -1 }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var s = first
            while true {
                let slot = slots[s]
                if slot == 0 { return -1 }
                if UInt32(truncatingIfNeeded: slot >> 32) == tag {
                    let e = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                    if matches(e, key, count) { return ids[e] }
                }
                s = (s + 1) & mask
            }
        }
    }

    /// The id of `word`, or -1.
    func id(of word: String) -> Int32 {
        var word = word
        return word.withUTF8 { key in
            var h = Self.seed
            for b in key { h = Self.step(h, b) }
            return id(key, count: key.count, hash: h)
        }
    }

    @inline(__always)
    private func matches(_ e: Int, _ key: UnsafeBufferPointer<UInt8>, _ count: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            let a = Int(starts[e]), b = Int(starts[e + 1])
            guard b - a == count else { return false }
            for i in 0..<count where all[a + i] != key[i] { return false }
            return true
        }
    }
}
