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
    /// Per token: the id of its folded form, or -1 when no rule uses it.
    let tokenWord: [Int32]
    /// Per token: scalar offsets and sentence, as plain integers for evaluation.
    let tokenStart: [Int32]
    let tokenEnd: [Int32]
    let tokenSentence: [Int32]
    /// Ids present in the text (words and wildcard prefixes), ascending, and
    /// where each one's token positions start in `positions`.
    let ids: [Int32]
    private let idStart: [Int32]
    private let positions: [Int32]

    init(_ input: MatchInput, index: TermIndex) {
        self.input = input
        let analysis = input.analysis
        tokens = analysis.tokens
        titleTokenEnd = tokens.partitioningIndex { $0.start >= analysis.bodyStart }
        // Built in locals: a class's stored properties pay an exclusivity check per access.
        var tokenWord = [Int32](repeating: -1, count: tokens.count)
        var tokenStart: [Int32] = [], tokenEnd: [Int32] = [], tokenSentence: [Int32] = []
        tokenStart.reserveCapacity(tokens.count)
        tokenEnd.reserveCapacity(tokens.count)
        tokenSentence.reserveCapacity(tokens.count)
        var pairs: [UInt64] = []
        pairs.reserveCapacity(tokens.count)
        let usePrefixes = !index.prefixes.isEmpty
        for i in tokens.indices {
            tokenStart.append(Int32(tokens[i].start))
            tokenEnd.append(Int32(tokens[i].end))
            tokenSentence.append(Int32(tokens[i].sentence))
            let folded = tokens[i].folded
            let id = index.words.id(of: folded)
            if id >= 0 {
                tokenWord[i] = id
                pairs.append(UInt64(UInt32(id)) << 32 | UInt64(i))
            }
            if usePrefixes {
                index.prefixes.forEachPrefix(of: folded) { pairs.append(UInt64(UInt32($0)) << 32 | UInt64(i)) }
            }
        }
        pairs.sort()
        var ids: [Int32] = [], idStart: [Int32] = [], positions: [Int32] = []
        positions.reserveCapacity(pairs.count)
        for pair in pairs {
            let id = Int32(truncatingIfNeeded: pair >> 32)
            if ids.last != id {
                ids.append(id)
                idStart.append(Int32(positions.count))
            }
            positions.append(Int32(truncatingIfNeeded: pair))
        }
        idStart.append(Int32(positions.count))
        self.tokenWord = tokenWord
        self.tokenStart = tokenStart
        self.tokenEnd = tokenEnd
        self.tokenSentence = tokenSentence
        self.ids = ids
        self.idStart = idStart
        self.positions = positions
    }

    /// Where the token positions of word or prefix `id` are in `positions`; empty when absent.
    func occurrences(of id: Int32) -> Range<Int> {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        guard lo < ids.count, ids[lo] == id else { return 0..<0 }
        return Int(idStart[lo])..<Int(idStart[lo + 1])
    }

    /// The `k`th entry of `occurrences(of:)`: a token position.
    func position(_ k: Int) -> Int { Int(positions[k]) }

    /// Ids of the entity, topic and metadata keys this article hits.
    func keyIds(_ index: TermIndex) -> [Int32] {
        var out: [Int32] = []
        guard !index.keys.isEmpty else { return out }
        for e in input.analysis.entities {
            if let id = index.keys[TermIndex.entityKey(e.canonical)] { out.append(id) }
            if let id = index.keys[TermIndex.entityTypeKey(e.type)] { out.append(id) }
        }
        for t in input.analysis.topics where t.score > 0 {
            if let id = index.keys[TermIndex.topicKey(t.id)] { out.append(id) }
        }
        if index.hasMetadataKeys {
            for field in [TextField.url, .author, .category, .source, .lang] {
                for value in metadata(field) {
                    for t in value.tokens { if let id = index.keys[TermIndex.metadataKey(field, t.folded)] { out.append(id) } }
                }
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
        let out = values.map { MetadataValue(value: $0, tokens: Tokenizer.tokenize($0).tokens) }
        metadataCache[field] = out
        return out
    }

    /// The analysed text, for evidence (only needed when a rule fires).
    private(set) lazy var text = ScalarText(input.analysis.text)
}

extension RandomAccessCollection where Index == Int {
    /// The first index whose element satisfies `belongs`, for a predicate that is false then true.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if belongs(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
