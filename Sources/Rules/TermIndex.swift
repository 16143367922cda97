import WirewatchCore

/// Every rule's words, compiled once into one index: tables from folded
/// word and from wildcard prefix to id, keys for entities, topics and
/// metadata words, and for each id the rules anchored on it (see
/// `RuleAnchors`). Ids share one number space so that postings are one flat
/// array.
struct TermIndex: Sendable {
    let words: WordTable
    let prefixes: WordTable
    let keys: Keys
    /// Postings of id `i`: `postings[postingStart[i]..<postingStart[i + 1]]`,
    /// each `rule << 1 | requirement`.
    let postingStart: [Int32]
    let postings: [UInt32]
    /// Per rule, two bits: 0b01 with one requirement, 0b11 with two; 32
    /// rules a word, so that an article's bookkeeping (a copy of this) stays
    /// in the processor's first-level cache even at 100,000 rules.
    let needed: [UInt64]
    let ruleCount: Int
    /// Rules no key can filter; evaluated on every article.
    let unfiltered: [Int32]

    /// The ids of what an article can hold besides words: entities, entity
    /// types, topics and words of metadata fields.
    struct Keys: Sendable {
        var entities: [String: Int32] = [:]
        var types: [EntityType: Int32] = [:]
        /// Per topic, its id and the lowest score any rule asks of it: an
        /// article's topic below that is no key (0 < score).
        var topics: [String: (id: Int32, floor: Double)] = [:]
        var metadata: [TextField: [String: Int32]] = [:]
        var isEmpty: Bool { entities.isEmpty && types.isEmpty && topics.isEmpty && metadata.isEmpty }
    }

    struct Builder {
        private(set) var words: [String: Int32] = [:]
        private(set) var prefixes: [String: Int32] = [:]
        private var keys = Keys()
        private var count: Int32 = 0
        private var postings: [[UInt32]] = []
        private var needed: [UInt8] = []
        private var unfiltered: [Int32] = []

        mutating func word(_ w: String) -> Int32 { Self.id(w, in: &words, &count, &postings) }
        mutating func prefix(_ p: String) -> Int32 { Self.id(p, in: &prefixes, &count, &postings) }

        /// The id of `key` in `table`, a new one when it is not there yet.
        private static func id<K: Hashable>(_ key: K, in table: inout [K: Int32], _ count: inout Int32, _ postings: inout [[UInt32]]) -> Int32 {
            if let id = table[key] { return id }
            table[key] = count
            postings.append([])
            count += 1
            return count - 1
        }

        /// Registers rule number `rule` under its anchors; rules are added in
        /// increasing order, and one never added is never a candidate.
        mutating func add(rule: Int, anchors: [RuleAnchors.Alternatives]) {
            while needed.count < rule { needed.append(0b01) }
            needed.append(anchors.count == 2 ? 0b11 : 0b01)
            guard !anchors.isEmpty else { unfiltered.append(Int32(rule)); return }
            for (requirement, set) in anchors.enumerated() {
                for key in set.keys {
                    let id: Int32
                    switch key {
                    case .word(let w): id = word(w)
                    case .prefix(let p): id = prefix(p)
                    case .entity(let name): id = Self.id(name, in: &keys.entities, &count, &postings)
                    case .entityType(let t): id = Self.id(t, in: &keys.types, &count, &postings)
                    case .topic(let t, let minScore):
                        let known = keys.topics[t]
                        id = known?.id ?? count
                        if known == nil { postings.append([]); count += 1 }
                        keys.topics[t] = (id, min(known?.floor ?? minScore, minScore))
                    case .metadata(let f, let w): id = Self.id(w, in: &keys.metadata[f, default: [:]], &count, &postings)
                    }
                    let entry = UInt32(rule) << 1 | UInt32(requirement)
                    if postings[Int(id)].last != entry { postings[Int(id)].append(entry) }
                }
            }
        }

        func build(ruleCount: Int) -> TermIndex {
            var needed = [UInt64](repeating: 0, count: (ruleCount + 31) / 32)
            for r in 0..<ruleCount { needed[r >> 5] |= UInt64(r < self.needed.count ? self.needed[r] : 0b01) << UInt64((r & 31) * 2) }
            var start: [Int32] = [0]
            start.reserveCapacity(postings.count + 1)
            for p in postings { start.append(start.last! + Int32(p.count)) }
            return TermIndex(words: WordTable(words), prefixes: WordTable(prefixes), keys: keys, postingStart: start,
                             postings: postings.flatMap { $0 }, needed: needed, ruleCount: ruleCount, unfiltered: unfiltered)
        }
    }


    /// The rules worth evaluating on an article, in rule order: those whose
    /// every requirement is hit by one of `ids` (duplicates allowed).
    func candidates(hitting ids: [Int32]) -> [Int] {
        // Per rule, the requirements not hit yet: a copy of `needed`, so
        // that a posting costs one read and no second lookup.
        var missing = needed
        var complete = [UInt64](repeating: 0, count: (ruleCount + 63) / 64)
        missing.withUnsafeMutableBufferPointer { missing in
            complete.withUnsafeMutableBufferPointer { complete in
                postingStart.withUnsafeBufferPointer { start in
                    postings.withUnsafeBufferPointer { postings in
                        for rule in unfiltered { complete[Int(rule) >> 6] |= 1 << UInt64(rule & 63) }
                        for id in ids {
                            for k in Int(start[Int(id)])..<Int(start[Int(id) + 1]) {
                                let entry = postings[k]
                                let rule = Int(entry >> 1)
                                let shift = UInt64(rule & 31) * 2
                                let before = missing[rule >> 5]
                                let after = before & ~(1 << (shift + UInt64(entry & 1)))
                                guard after != before else { continue }
                                missing[rule >> 5] = after
                                if after >> shift & 0b11 == 0 { complete[rule >> 6] |= 1 << UInt64(rule & 63) }
                            }
                        }
                    }
                }
            }
        }
        var out: [Int] = []
        for (w, word) in complete.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                out.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }
}
