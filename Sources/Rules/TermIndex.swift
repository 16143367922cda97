import WirewatchCore

/// Every rule's words, compiled once into one index: a dictionary from
/// folded word to id, a byte trie of wildcard prefixes, keys for entities,
/// topics and metadata words, and for each id the rules anchored on it
/// (see `RuleAnchors`). Ids share one number space so that postings are one
/// flat array.
struct TermIndex: Sendable {
    let words: WordTable
    let prefixes: PrefixTrie
    let keys: [String: Int32]
    /// Postings of id `i`: `postings[postingStart[i]..<postingStart[i + 1]]`,
    /// each `rule << 1 | requirement`.
    let postingStart: [Int32]
    let postings: [UInt32]
    /// Per rule: 0b01 with one requirement, 0b11 with two.
    let needed: [UInt8]
    /// Rules no key can filter; evaluated on every article.
    let unfiltered: [Int32]
    let hasMetadataKeys: Bool

    struct Builder {
        private(set) var words: [String: Int32] = [:]
        private(set) var prefixes: [String: Int32] = [:]
        private(set) var keys: [String: Int32] = [:]
        private var count: Int32 = 0
        private var postings: [[UInt32]] = []
        private var needed: [UInt8] = []
        private var unfiltered: [Int32] = []
        private var hasMetadataKeys = false

        private enum Table { case words, prefixes, keys }

        mutating func word(_ w: String) -> Int32 { id(w, in: .words) }
        mutating func prefix(_ p: String) -> Int32 { id(p, in: .prefixes) }

        private mutating func id(_ s: String, in table: Table) -> Int32 {
            switch table {
            case .words: if let id = words[s] { return id }; words[s] = count
            case .prefixes: if let id = prefixes[s] { return id }; prefixes[s] = count
            case .keys: if let id = keys[s] { return id }; keys[s] = count
            }
            postings.append([])
            count += 1
            return count - 1
        }

        /// Registers rule number `rule` under its anchors.
        mutating func add(rule: Int, anchors: [RuleAnchors.Alternatives]) {
            needed.append(anchors.count == 2 ? 0b11 : 0b01)
            guard !anchors.isEmpty else { unfiltered.append(Int32(rule)); return }
            for (requirement, set) in anchors.enumerated() {
                for key in set.keys {
                    let id: Int32
                    switch key {
                    case .word(let w): id = word(w)
                    case .prefix(let p): id = prefix(p)
                    case .entity(let name): id = self.id(TermIndex.entityKey(name), in: .keys)
                    case .entityType(let t): id = self.id(TermIndex.entityTypeKey(t), in: .keys)
                    case .topic(let t): id = self.id(TermIndex.topicKey(t), in: .keys)
                    case .metadata(let f, let w): id = self.id(TermIndex.metadataKey(f, w), in: .keys); hasMetadataKeys = true
                    }
                    let entry = UInt32(rule) << 1 | UInt32(requirement)
                    if postings[Int(id)].last != entry { postings[Int(id)].append(entry) }
                }
            }
        }

        func build() -> TermIndex {
            var start: [Int32] = [0]
            start.reserveCapacity(postings.count + 1)
            for p in postings { start.append(start.last! + Int32(p.count)) }
            return TermIndex(words: WordTable(words), prefixes: PrefixTrie(prefixes), keys: keys, postingStart: start,
                             postings: postings.flatMap { $0 }, needed: needed, unfiltered: unfiltered,
                             hasMetadataKeys: hasMetadataKeys)
        }
    }

    static func entityKey(_ canonical: String) -> String { "e\u{1F}" + canonical }
    static func entityTypeKey(_ t: EntityType) -> String { "t\u{1F}" + t.rawValue }
    static func topicKey(_ id: String) -> String { "c\u{1F}" + id }
    static func metadataKey(_ f: TextField, _ word: String) -> String { "m\u{1F}\(f.rawValue)\u{1F}" + word }

    /// The rules worth evaluating on an article, in rule order: those whose
    /// every requirement is hit by one of `ids`.
    func candidates(hitting ids: some Sequence<Int32>, ruleCount: Int) -> [Int32] {
        var state = [UInt8](repeating: 0, count: ruleCount)
        var out = unfiltered
        for id in ids {
            let range = Int(postingStart[Int(id)])..<Int(postingStart[Int(id) + 1])
            for entry in postings[range] {
                let rule = Int(entry >> 1)
                let before = state[rule]
                let after = before | UInt8(1 << (entry & 1))
                guard after != before else { continue }
                state[rule] = after
                if after == needed[rule] { out.append(Int32(rule)) }
            }
        }
        out.sort()
        return out
    }
}
