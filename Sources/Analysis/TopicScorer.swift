import Foundation

/// A topic's score for one article and the terms that earned it.
public struct TopicHit: Sendable, Hashable {
    public var id: String
    public var score: Double
    public var evidence: [String]
}

/// Scores every taxonomy topic on an article's tokens. A term is a word or
/// phrase matched on stems ("export control" finds "export controls"); a
/// trailing `*` on its last word matches any word with that prefix
/// ("distil*"); a word written in capitals ("AI", "WTO") matches only as
/// written. Title words count double; a term's repeats count less than new
/// terms; the score is 1 − e^(−evidence/s), where s grows with the article's
/// length from 1 to 3: in a long article three solid terms give ≈ 0.63.
///
/// Tokens are looked up by the hash of their stem in `WordTable`s, so the
/// cost per token does not grow with the number of topics or terms.
public struct TopicScorer: Sendable {
    struct Pattern: Sendable {
        /// Stem hashes of the words; for a starred last word, its folded prefix is in `prefix`.
        var stems: [UInt64]
        var prefix: String?
        /// Per word: the exact spelling required (capitalised acronyms), or nil.
        var exact: [String?]
        var topic: Int
        var weight: Double
        var text: String
    }
    private let topics: [TopicDefinition]
    private let patterns: [Pattern]
    /// Stem hash of the first word → group of pattern indices.
    private let byFirstStem: WordTable
    /// Single-word prefix terms by the first two or three scalars of the prefix → group.
    private let byPrefixKey: WordTable
    private let groups: [[Int]]
    static let saturation = 3.0
    static let wordsPerSaturationStep = 100.0

    public init(_ kb: KnowledgeBase) {
        topics = kb.topics
        var patterns: [Pattern] = []
        var exact: [UInt64: [Int]] = [:]
        var prefix: [UInt64: [Int]] = [:]
        for (ti, t) in kb.topics.enumerated() {
            // Two spellings of one stem ("export control", "export controls") are one term.
            var seen = Set<[String]>()
            for term in t.terms {
                let star = term.text.hasSuffix("*")
                let body = star ? String(term.text.dropLast()) : term.text
                let tokens = Tokenizer.words(body)
                guard !tokens.isEmpty else { continue }
                let caps: [String?] = tokens.map { $0.shape.contains(.allCaps) ? $0.text : nil }
                let stems = tokens.map(Stemmer.stemHash)
                let key = stems.map { String($0) } + [star ? "*" + tokens.last!.folded : ""] + caps.map { $0 ?? "" }
                guard seen.insert(key).inserted else { continue }
                let p = Pattern(stems: star ? Array(stems.dropLast()) : stems, prefix: star ? tokens.last!.folded : nil,
                                exact: caps, topic: ti, weight: term.weight, text: term.text)
                if star && tokens.count == 1 {
                    guard let k = Self.prefixKey(tokens[0].folded.unicodeScalars) else { continue }
                    prefix[k, default: []].append(patterns.count)
                } else {
                    exact[stems[0], default: []].append(patterns.count)
                }
                patterns.append(p)
            }
        }
        var groups: [[Int]] = []
        var exactPairs: [(UInt64, Int32)] = []
        for (k, g) in exact.sorted(by: { $0.key < $1.key }) { exactPairs.append((k, Int32(groups.count))); groups.append(g) }
        var prefixPairs: [(UInt64, Int32)] = []
        for (k, g) in prefix.sorted(by: { $0.key < $1.key }) { prefixPairs.append((k, Int32(groups.count))); groups.append(g) }
        self.patterns = patterns
        self.groups = groups
        byFirstStem = WordTable(exactPairs)
        byPrefixKey = WordTable(prefixPairs)
    }

    /// The first three scalars (or two, for a two-letter prefix) packed; nil for shorter prefixes.
    static func prefixKey(_ s: String.UnicodeScalarView) -> UInt64? {
        var k: UInt64 = 0
        var n = 0
        for c in s.prefix(3) { k = k << 21 | UInt64(c.value); n += 1 }
        return n >= minimumPrefix ? k : nil
    }

    /// The fewest scalars a starred term's prefix may have ("EV*"): a topic
    /// term's wildcard, unlike a query's, names a narrow thing.
    public static let minimumPrefix = 2

    /// `titleEnd`: tokens before this offset count double.
    public func score(_ tokens: [Token], titleEnd: Int) -> [TopicHit] {
        var weight = [Double](repeating: 0, count: topics.count)
        var evidence = [[String]](repeating: [], count: topics.count)
        var seen = [Bool](repeating: false, count: patterns.count)
        let stems = tokens.map(Stemmer.stemHash)
        // A word is one term's evidence for a topic, however many of the topic's terms it matches: the heaviest
        // term that starts at it (the longest, of equal weight), and no term of the topic that starts inside a term
        // credited. "distillery" matched `distil*` and `distill*`, "semiconductors" `semiconductor*` and the Spanish
        // `semiconductores`, each a weight twice over (trial5 findings 14, 45).
        var coveredUntil = [Int](repeating: 0, count: topics.count)
        // The terms found at the current word, one per topic (a word matches few terms: a short list).
        var best: [(pattern: Int, length: Int)] = []
        func consider(_ pi: Int, at i: Int) {
            let p = patterns[pi]
            guard i >= coveredUntil[p.topic] else { return }
            let length = p.stems.count + (p.prefix == nil ? 0 : 1)
            guard let k = best.firstIndex(where: { patterns[$0.pattern].topic == p.topic }) else { return best.append((pi, length)) }
            let q = patterns[best[k].pattern]
            if p.weight > q.weight || (p.weight == q.weight && length > best[k].length) { best[k] = (pi, length) }
        }
        func credit(_ pi: Int, at i: Int, length: Int) {
            let p = patterns[pi]
            let inTitle = tokens[i].end <= titleEnd
            let repeatFactor = seen[pi] ? 0.35 : 1.0
            weight[p.topic] += p.weight * repeatFactor * (inTitle ? 2 : 1)
            if !seen[pi] { seen[pi] = true; evidence[p.topic].append(p.text) }
            coveredUntil[p.topic] = i + length
        }
        for i in tokens.indices {
            best.removeAll(keepingCapacity: true)
            if let g = byFirstStem[stems[i]] {
                for pi in groups[Int(g)] where matches(patterns[pi], tokens, stems, at: i) { consider(pi, at: i) }
            }
            let f = tokens[i].folded.unicodeScalars
            var it = f.makeIterator()
            if let c0 = it.next(), let c1 = it.next() {
                let k2 = UInt64(c0.value) << 21 | UInt64(c1.value)
                if let g = byPrefixKey[k2] { creditPrefixes(groups[Int(g)], tokens, at: i, consider) }
                if let c2 = it.next(), let g = byPrefixKey[k2 << 21 | UInt64(c2.value)] { creditPrefixes(groups[Int(g)], tokens, at: i, consider) }
            }
            for chosen in best { credit(chosen.pattern, at: i, length: chosen.length) }
        }
        // Evidence is weighed against length: one solid term says more in a 40-word brief than in a feature.
        let saturation = min(Self.saturation, 1 + Double(tokens.count) / Self.wordsPerSaturationStep)
        var hits: [TopicHit] = []
        for t in topics.indices where weight[t] > 0 {
            let s = 1 - exp(-weight[t] / saturation)
            hits.append(TopicHit(id: topics[t].id, score: (s * 100).rounded() / 100, evidence: evidence[t]))
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    private func creditPrefixes(_ group: [Int], _ tokens: [Token], at i: Int, _ credit: (Int, Int) -> Void) {
        for pi in group {
            let p = patterns[pi]
            guard tokens[i].folded.hasPrefix(p.prefix!) else { continue }
            if let e = p.exact[0], !tokens[i].text.hasPrefix(e) { continue }
            credit(pi, i)
        }
    }

    private func matches(_ p: Pattern, _ tokens: [Token], _ stems: [UInt64], at i: Int) -> Bool {
        let n = p.stems.count + (p.prefix == nil ? 0 : 1)
        guard i + n <= tokens.count else { return false }
        for k in 0..<p.stems.count where stems[i + k] != p.stems[k] { return false }
        if let prefix = p.prefix, !tokens[i + n - 1].folded.hasPrefix(prefix) { return false }
        for k in 0..<n { if let e = p.exact[k], tokens[i + k].text != e { return false } }
        return true
    }
}
