import WirewatchCore

/// Every rule's words, compiled once into one index: tables from folded
/// word and from wildcard prefix to id, keys for entities, topics and
/// metadata words, and for each id the rules anchored on it (see
/// `RuleAnchors`). Ids share one number space so that postings are one flat
/// array.
///
/// A rule is posted under the keys of its most selective requirement only;
/// its second requirement, if any, travels in the posting and is checked
/// against the article's keys, a bitmap that stays in the first-level cache.
/// Posting a rule under both would walk, for every article mentioning a
/// common topic or word, the postings of every rule that also names it,
/// most of them rules whose other, rarer requirement is absent.
struct TermIndex: Sendable {
    let words: WordTable
    let prefixes: WordTable
    let keys: Keys
    /// Postings of id `i`: `postings[postingStart[i]..<postingStart[i + 1]]`,
    /// each `second << 32 | rule`; `second` (an `Int32`) is -1 without a
    /// second requirement, the one key of the second requirement (≥ 0), or
    /// `-2 - k` for the keys `secondKeys[k...]` up to the next -1 (one read
    /// less than an array of where each run starts, and a wait for memory less).
    let postingStart: [Int32]
    let postings: [UInt64]
    /// Bit `i` set when id `i` has postings: most ids an article holds
    /// (words and prefixes that anchor no rule, only its evaluation or its
    /// second requirement) have none, and asking this small bitmap spares
    /// them a read of `postingStart`, which at 100,000 rules is a wait for memory.
    let posted: [UInt64]
    let secondKeys: [Int32]
    /// How many ids there are (words, prefixes and keys).
    let idCount: Int
    /// Rules no key can filter; evaluated on every article.
    let unfiltered: [Int32]

    /// The ids of what an article can hold besides words: entities, entity
    /// types, topics and words of metadata fields.
    struct Keys: Sendable {
        var entities: [String: Int32] = [:]
        var types: [EntityType: Int32] = [:]
        /// Per topic, one key per score threshold rules ask of it: an
        /// article's topic is each key whose threshold it reaches (and a
        /// score of 0 none), so that a rule is filtered by its own threshold.
        var topics: [String: [(minScore: Double, id: Int32)]] = [:]
        var metadata: [TextField: [String: Int32]] = [:]
        var isEmpty: Bool { entities.isEmpty && types.isEmpty && topics.isEmpty && metadata.isEmpty }
    }

    struct Builder {
        private(set) var words: [String: Int32] = [:]
        private(set) var prefixes: [String: Int32] = [:]
        private var keys = Keys()
        private var count: Int32 = 0
        private var postings: [[UInt64]] = []
        private var secondKeys: [Int32] = []
        private var unfiltered: [Int32] = []

        mutating func word(_ w: String) -> Int32 { Self.id(w, in: &words, &count, &postings) }
        mutating func prefix(_ p: String) -> Int32 { Self.id(p, in: &prefixes, &count, &postings) }
        mutating func entity(_ name: String) -> Int32 { Self.id(name, in: &keys.entities, &count, &postings) }

        /// The id of `key` in `table`, a new one when it is not there yet.
        private static func id<K: Hashable>(_ key: K, in table: inout [K: Int32], _ count: inout Int32, _ postings: inout [[UInt64]]) -> Int32 {
            if let id = table[key] { return id }
            table[key] = count
            postings.append([])
            count += 1
            return count - 1
        }

        private mutating func id(_ key: RuleAnchors.Key) -> Int32 {
            switch key {
            case .word(let w): return word(w)
            case .prefix(let p): return prefix(p)
            case .entity(let name): return entity(name)
            case .entityType(let t): return Self.id(t, in: &keys.types, &count, &postings)
            case .topic(let t, let minScore):
                if let known = keys.topics[t]?.first(where: { $0.minScore == minScore }) { return known.id }
                keys.topics[t, default: []].append((minScore, count))
                postings.append([])
                count += 1
                return count - 1
            case .metadata(let f, let w): return Self.id(w, in: &keys.metadata[f, default: [:]], &count, &postings)
            }
        }

        /// Registers the rule at place `rule` in the program under its anchors (most selective first).
        mutating func add(rule: Int, anchors: [RuleAnchors.Alternatives]) {
            guard let first = anchors.first else { unfiltered.append(Int32(rule)); return }
            var second: Int32 = -1
            if anchors.count > 1 {
                let ids = Array(Set(anchors[1].keys.map { id($0) })).sorted()
                if ids.count == 1 {
                    second = ids[0]
                } else {
                    second = -2 - Int32(secondKeys.count)
                    secondKeys += ids + [-1]
                }
            }
            let entry = UInt64(UInt32(bitPattern: second)) << 32 | UInt64(rule)
            for key in first.keys {
                let id = Int(id(key))
                if postings[id].last != entry { postings[id].append(entry) }
            }
        }

        func build() -> TermIndex {
            var start: [Int32] = [0]
            start.reserveCapacity(postings.count + 1)
            var posted = [UInt64](repeating: 0, count: (postings.count + 63) / 64)
            for (id, p) in postings.enumerated() {
                start.append(start.last! + Int32(p.count))
                if !p.isEmpty { posted[id >> 6] |= 1 << UInt64(id & 63) }
            }
            return TermIndex(words: WordTable(words), prefixes: WordTable(prefixes), keys: keys, postingStart: start,
                             postings: postings.flatMap { $0 }, posted: posted, secondKeys: secondKeys,
                             idCount: Int(count), unfiltered: unfiltered)
        }
    }

    /// The rules worth evaluating on an article, by place in the program,
    /// ascending: those whose every requirement is hit by one of `ids`
    /// (duplicates allowed).
    func candidates(hitting ids: [Int32]) -> [Int] {
        var hit = [UInt64](repeating: 0, count: (idCount + 63) / 64)
        var distinct: [Int32] = []
        distinct.reserveCapacity(ids.count)
        for id in ids where hit[Int(id) >> 6] >> UInt64(id & 63) & 1 == 0 {
            hit[Int(id) >> 6] |= 1 << UInt64(id & 63)
            if posted[Int(id) >> 6] >> UInt64(id & 63) & 1 != 0 { distinct.append(id) }
        }
        // Collected, then sorted: a bitmap of every rule would cost a pass
        // over 100,000 bits per article for a few dozen candidates.
        var out = unfiltered.map { Int($0) }
        hit.withUnsafeBufferPointer { hit in
            postingStart.withUnsafeBufferPointer { start in
                postings.withUnsafeBufferPointer { postings in
                    secondKeys.withUnsafeBufferPointer { secondKeys in
                        for id in distinct {
                            for k in Int(start[Int(id)])..<Int(start[Int(id) + 1]) {
                                let entry = postings[k]
                                let second = Int32(truncatingIfNeeded: entry >> 32)
                                if second >= 0 {
                                    guard hit[Int(second) >> 6] >> UInt64(second & 63) & 1 != 0 else { continue }
                                } else if second < -1, !Self.anyHit(from: Int(-2 - second), secondKeys, hit) {
                                    continue
                                }
                                out.append(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF))
                            }
                        }
                    }
                }
            }
        }
        guard out.count > 1 else { return out }
        // In rule order, each once (a rule posted under several keys of its set can be found more than once).
        out.sort()
        var kept = 1
        for k in 1..<out.count where out[k] != out[kept - 1] {
            out[kept] = out[k]
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// Whether any key of the run `secondKeys[from...]` (up to the next -1) is set in `hit`.
    @inline(__always)
    private static func anyHit(from: Int, _ secondKeys: UnsafeBufferPointer<Int32>, _ hit: UnsafeBufferPointer<UInt64>) -> Bool {
        var j = from
        while secondKeys[j] >= 0 {
            let key = secondKeys[j]
            if hit[Int(key) >> 6] >> UInt64(key & 63) & 1 != 0 { return true }
            j += 1
        }
        return false
    }
}
