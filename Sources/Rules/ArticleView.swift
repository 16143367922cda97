import Analysis
import WirewatchCore

/// One article as the compiled rules see it: every token looked up once in
/// the shared `TermIndex`, and the occurrences of each rule word grouped by
/// id. Built once per article, whatever the number of rules.
final class ArticleView {
    let input: MatchInput
    let tokens: [Token]
    /// Tokens before this index are the title's.
    let titleTokenEnd: Int
    /// Per token: scalar offsets and sentence, as plain integers for evaluation.
    let tokenStart: [Int32]
    let tokenEnd: [Int32]
    let tokenSentence: [Int32]
    /// Ids present in the text (words and wildcard prefixes), in order of
    /// first occurrence, and where each one's token positions start in `positions`.
    let ids: [Int32]
    private let idStart: [Int32]
    /// `ids` hashed: per slot, a position in `ids` + 1, or 0. Binary search
    /// in `ids` costs a mispredicted branch per step, for every term of
    /// every rule evaluated.
    private let idSlots: [Int32]
    private let idShift: UInt64
    private let positions: [Int32]

    /// The program's topic numbers (see `QueryProgram.topicNumbers`).
    private let topicNumbers: [String: Int32]
    /// The index's keys of entities, topics and metadata words.
    private let keys: TermIndex.Keys

    init(_ input: MatchInput, index: TermIndex, program: QueryProgram) {
        self.input = input
        topicNumbers = program.topicNumbers
        keys = index.keys
        let analysis = input.analysis
        tokens = analysis.tokens
        titleTokenEnd = tokens.partitioningIndex { $0.start >= analysis.bodyStart }
        // Built in locals: a class's stored properties pay an exclusivity check per access.
        var tokenStart: [Int32] = [], tokenEnd: [Int32] = [], tokenSentence: [Int32] = []
        tokenStart.reserveCapacity(tokens.count)
        tokenEnd.reserveCapacity(tokens.count)
        tokenSentence.reserveCapacity(tokens.count)
        // (id << 32 | token) for every rule word and wildcard prefix a token is or starts with.
        var pairs: [UInt64] = []
        pairs.reserveCapacity(tokens.count)
        let words = index.words, prefixes = index.prefixes
        let usePrefixes = !prefixes.isEmpty
        for i in tokens.indices {
            tokenStart.append(Int32(tokens[i].start))
            tokenEnd.append(Int32(tokens[i].end))
            tokenSentence.append(Int32(tokens[i].sentence))
            // The word by the hash the tokenizer made; its bytes are read only
            // when the filter lets it by, or to hash the prefixes rules have.
            let hash = tokens[i].hash
            guard usePrefixes || words.mayContain(hash) else { continue }
            var folded = tokens[i].folded
            let id = folded.withUTF8 { key -> Int32 in
                if usePrefixes {
                    var h = WordHash.basis
                    for j in 0..<min(key.count, prefixes.longest) {
                        h = WordHash.step(h, key[j])
                        if prefixes.hasKeys(ofLength: j + 1) {
                            let p = prefixes.id(key, count: j + 1, hash: h)
                            if p >= 0 { pairs.append(UInt64(UInt32(p)) << 32 | UInt64(i)) }
                        }
                    }
                }
                return words.id(key, count: key.count, hash: hash)
            }
            if id >= 0 {
                pairs.append(UInt64(UInt32(id)) << 32 | UInt64(i))
            }
        }
        // Group the pairs by id, keeping token order within each id: hash the
        // ids as they come (ids in order of first occurrence), count, then
        // place. A sort by id costs more as ids grow with the rule count.
        var bits = 4
        while 1 << bits < pairs.count * 2 { bits += 1 }
        var idSlots = [Int32](repeating: 0, count: 1 << bits)
        idShift = UInt64(64 - bits)
        var ids: [Int32] = [], idStart: [Int32] = [0], group = [Int32](repeating: 0, count: pairs.count)
        for (p, pair) in pairs.enumerated() {
            let id = Int32(truncatingIfNeeded: pair >> 32)
            var s = Self.slot(id, idShift)
            while true {
                let k = Int(idSlots[s]) - 1
                if k < 0 {
                    idSlots[s] = Int32(ids.count + 1)
                    group[p] = Int32(ids.count)
                    ids.append(id)
                    idStart.append(1)
                    break
                }
                if ids[k] == id {
                    group[p] = Int32(k)
                    idStart[k + 1] += 1
                    break
                }
                s = (s + 1) & (idSlots.count - 1)
            }
        }
        for k in ids.indices { idStart[k + 1] += idStart[k] }
        var next = idStart
        var positions = [Int32](repeating: 0, count: pairs.count)
        for (p, pair) in pairs.enumerated() {
            let k = Int(group[p])
            positions[Int(next[k])] = Int32(truncatingIfNeeded: pair)
            next[k] += 1
        }
        self.tokenStart = tokenStart
        self.tokenEnd = tokenEnd
        self.tokenSentence = tokenSentence
        self.idSlots = idSlots
        self.ids = ids
        self.idStart = idStart
        self.positions = positions
    }

    /// Where the token positions of word or prefix `id` are in `positions`; empty when absent.
    func occurrences(of id: Int32) -> Range<Int> {
        var s = Self.slot(id, idShift)
        while true {
            let k = Int(idSlots[s]) - 1
            if k < 0 { return 0..<0 }
            if ids[k] == id { return Int(idStart[k])..<Int(idStart[k + 1]) }
            s = (s + 1) & (idSlots.count - 1)
        }
    }

    @inline(__always)
    private static func slot(_ id: Int32, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: id)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The `k`th entry of `occurrences(of:)`: a token position.
    func position(_ k: Int) -> Int { Int(positions[k]) }

    /// Ids of the entity, topic and metadata keys this article hits (an
    /// entity type once per entity of that type).
    func keyIds() -> [Int32] {
        var out: [Int32] = []
        guard !keys.isEmpty else { return out }
        // Fields read in place, not whole entities and topics copied: a copy
        // retains their strings and arrays, and at 100,000 rules each
        // retain is a wait for memory the rules have pushed out of the caches.
        let entities = input.analysis.entities, entityKeys = self.entityKeys
        for e in entities.indices {
            if entityKeys[e] >= 0 { out.append(entityKeys[e]) }
            if let id = keys.types[entities[e].type] { out.append(id) }
        }
        let topics = input.analysis.topics
        for t in topics.indices where topics[t].score > 0 {
            guard let thresholds = keys.topics[topics[t].id] else { continue }
            for key in thresholds where topics[t].score >= key.minScore { out.append(key.id) }
        }
        for (field, words) in keys.metadata {
            for value in metadata(field) {
                for t in value.tokens { if let id = words[t.folded] { out.append(id) } }
            }
        }
        return out
    }

    /// The token range a field covers in the token stream.
    func tokenRange(_ field: TextField) -> Range<Int> {
        switch field {
        case .title: return 0..<titleTokenEnd
        case .text: return titleTokenEnd..<tokens.count
        default: return 0..<tokens.count
        }
    }

    /// The first token at or after scalar offset `offset`.
    func tokenIndex(atOrAfter offset: Int) -> Int {
        tokenStart.partitioningIndex { $0 >= offset }
    }

    private var metadataCache: [TextField: [MetadataValue]] = [:]

    struct MetadataValue {
        var value: String
        var tokens: [Token]
    }

    /// The values of a metadata field, tokenised (once per article).
    func metadata(_ field: TextField) -> [MetadataValue] {
        if let cached = metadataCache[field] { return cached }
        let values: [String]
        switch field {
        case .url: values = input.url.map { [$0] } ?? []
        case .author: values = input.authors
        case .category: values = input.categories
        case .source: values = [input.feed.rawValue] + (input.host.map { [$0] } ?? [])
        case .lang: values = input.analysis.language.map { [$0] } ?? []
        default: values = []
        }
        let out = values.map { MetadataValue(value: $0, tokens: Tokenizer.words($0)) }
        metadataCache[field] = out
        return out
    }

    /// The analysis's entities as plain integers, for entity clauses: per
    /// entity, the index key of its canonical name (or -1), its type, and its
    /// mentions' scalar offsets, `mentionStart[mentions[e]..<mentions[e + 1]]`.
    struct Entities {
        var key: [Int32] = []
        var type: [EntityType] = []
        var mentions: [Int32] = [0]
        var mentionStart: [Int32] = []
        var mentionEnd: [Int32] = []
    }

    /// Per entity of the analysis, the index key of its canonical name, or -1:
    /// looked up once for the index's filter and for entity clauses.
    private lazy var entityKeys: [Int32] = {
        let entities = input.analysis.entities
        return entities.indices.map { keys.entities[entities[$0].canonical] ?? -1 }
    }()

    private(set) lazy var entities: Entities = {
        var out = Entities()
        out.key = entityKeys
        let entities = input.analysis.entities
        for e in entities.indices {
            out.type.append(entities[e].type)
            for m in entities[e].mentions.indices {
                out.mentionStart.append(Int32(entities[e].mentions[m].start))
                out.mentionEnd.append(Int32(entities[e].mentions[m].end))
            }
            out.mentions.append(Int32(out.mentionStart.count))
        }
        return out
    }()

    /// Per topic number of the program: where the article's topic is in the
    /// analysis's topics, or -1 when the article does not have it or it
    /// scored 0 (a topic clause never holds at 0).
    private(set) lazy var topicPositions: [Int32] = {
        var out = [Int32](repeating: -1, count: topicNumbers.count)
        // Read in place, as in `keyIds`: a copy of a topic retains its evidence.
        let topics = input.analysis.topics
        for k in topics.indices where topics[k].score > 0 {
            if let n = topicNumbers[topics[k].id] { out[Int(n)] = Int32(k) }
        }
        return out
    }()

    /// What `QueryProgram.touch` read: kept so that the reads are not optimised away.
    var touched: Int32 = 0

    /// Whether any of tokens `range` is shouted and names nothing there (`ArticleAnalysis.shoutedPlainWords`):
    /// "US" in "WHAT IT MEANS FOR US", which a case-sensitive term does not match. Worked out on first need:
    /// few rules have such a term.
    func shoutsPlainWord(in range: Range<Int>) -> Bool {
        guard let plain = shoutedPlainWords else { return false }
        return range.contains { plain[$0] }
    }

    private lazy var shoutedPlainWords: [Bool]? = input.analysis.shoutedPlainWords()
}
