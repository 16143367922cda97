/// The rules' words by their UTF-8 bytes: an open-addressing hash table with
/// FNV-1a hashing, looked up once per token of every article. Swift's
/// `Dictionary<String, _>` costs several times more per lookup (SipHash and
/// String comparison), and this lookup is the matcher's fixed cost.
struct WordTable: Sendable {
    /// Entry index per slot, -1 when empty; the slot count is a power of two.
    private let slots: [Int32]
    private let hashes: [UInt32]
    private let bytes: [UInt8]
    /// Entry `e`'s key is `bytes[starts[e]..<starts[e + 1]]`.
    private let starts: [Int32]
    private let ids: [Int32]
    private let mask: Int

    init(_ words: [String: Int32]) {
        var capacity = 16
        while capacity < words.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt32] = [], bytes: [UInt8] = [], starts: [Int32] = [0], ids: [Int32] = []
        for (word, id) in words.sorted(by: { $0.value < $1.value }) {
            let h = Self.hash(word.utf8)
            var s = Int(h) & (capacity - 1)
            while slots[s] >= 0 { s = (s + 1) & (capacity - 1) }
            slots[s] = Int32(ids.count)
            hashes.append(h)
            bytes += word.utf8
            starts.append(Int32(bytes.count))
            ids.append(id)
        }
        self.slots = slots; self.hashes = hashes; self.bytes = bytes; self.starts = starts; self.ids = ids
        mask = capacity - 1
    }

    @inline(__always)
    static func hash<C: Collection>(_ utf8: C) -> UInt32 where C.Element == UInt8 {
        var h: UInt32 = 2_166_136_261
        for b in utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h ^ (h >> 15)
    }

    /// The id of `word`, or -1.
    func id(of word: String) -> Int32 {
        var word = word
        return word.withUTF8 { key -> Int32 in
            let h = Self.hash(key)
            var s = Int(h) & mask
            return bytes.withUnsafeBufferPointer { all in
                while true {
                    let e = Int(slots[s])
                    if e < 0 { return -1 }
                    if hashes[e] == h {
                        let a = Int(starts[e]), b = Int(starts[e + 1])
                        if b - a == key.count, key.elementsEqual(all[a..<b]) { return ids[e] }
                    }
                    s = (s + 1) & mask
                }
            }
        }
    }
}
