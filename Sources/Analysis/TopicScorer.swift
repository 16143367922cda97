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
public struct TopicScorer: Sendable {
    struct Pattern: Sendable {
        /// Stems, or folded prefixes for a starred last word.
        var words: [String]
        /// Per word: the exact spelling required (capitalised acronyms), or nil.
        var exact: [String?]
        var prefixLast: Bool
        var topic: Int
        var weight: Double
        var text: String
    }
    private let topics: [TopicDefinition]
    private let byFirstStem: [String: [Pattern]]
    /// Single-word prefix terms by the first two or three scalars of the prefix.
    private let byPrefixKey: [UInt64: [Pattern]]
    static let saturation = 3.0
    static let wordsPerSaturationStep = 100.0

    public init(_ kb: KnowledgeBase) {
        topics = kb.topics
        var exact: [String: [Pattern]] = [:]
        var prefix: [UInt64: [Pattern]] = [:]
        for (ti, t) in kb.topics.enumerated() {
            // Two spellings of one stem ("export control", "export controls") are one term.
            var seen = Set<[String]>()
            for term in t.terms {
                let star = term.text.hasSuffix("*")
                let body = star ? String(term.text.dropLast()) : term.text
                let tokens = Array(body.unicodeScalars).withUnsafeBufferPointer { Tokenizer.words(in: $0) }
                guard !tokens.isEmpty else { continue }
                var words = tokens.map { Stemmer.stem($0.folded) }
                if star { words[words.count - 1] = tokens.last!.folded }
                let caps: [String?] = tokens.map { $0.shape.contains(.allCaps) ? $0.text : nil }
                guard seen.insert(words + [star ? "*" : ""] + caps.map { $0 ?? "" }).inserted else { continue }
                let p = Pattern(words: words, exact: caps, prefixLast: star, topic: ti, weight: term.weight, text: term.text)
                if star && words.count == 1 {
                    guard let key = Self.prefixKey(words[0]) else { continue }
                    prefix[key, default: []].append(p)
                } else {
                    exact[words[0], default: []].append(p)
                }
            }
        }
        byFirstStem = exact
        byPrefixKey = prefix
    }

    /// The first three scalars (or two, for a two-letter prefix) packed; nil for shorter prefixes.
    static func prefixKey<S: StringProtocol>(_ s: S) -> UInt64? {
        var k: UInt64 = 0
        var n = 0
        for c in s.unicodeScalars.prefix(3) { k = k << 21 | UInt64(c.value); n += 1 }
        return n >= 2 ? k : nil
    }

    /// `titleEnd`: tokens before this offset count double.
    public func score(_ tokens: [Token], titleEnd: Int) -> [TopicHit] {
        var weight = [Double](repeating: 0, count: topics.count)
        var seen = [Set<String>](repeating: [], count: topics.count)
        var evidence = [[String]](repeating: [], count: topics.count)
        let stems = tokens.map { Stemmer.stem($0.folded) }
        func credit(_ p: Pattern, at i: Int) {
            let inTitle = tokens[i].end <= titleEnd
            let repeatFactor = seen[p.topic].contains(p.text) ? 0.35 : 1.0
            weight[p.topic] += p.weight * repeatFactor * (inTitle ? 2 : 1)
            if seen[p.topic].insert(p.text).inserted { evidence[p.topic].append(p.text) }
        }
        for i in tokens.indices {
            if let candidates = byFirstStem[stems[i]] {
                for p in candidates where matches(p, tokens, stems, at: i) { credit(p, at: i) }
            }
            let f = tokens[i].folded
            guard f.utf8.count >= 2 else { continue }
            var k2: UInt64 = 0, k3: UInt64 = 0, n = 0
            for c in f.unicodeScalars.prefix(3) {
                n += 1
                if n <= 2 { k2 = k2 << 21 | UInt64(c.value) }
                k3 = k3 << 21 | UInt64(c.value)
            }
            for key in [k2, n == 3 ? k3 : k2].prefix(n == 3 ? 2 : 1) {
                guard let candidates = byPrefixKey[key] else { continue }
                for p in candidates where f.hasPrefix(p.words[0]) && (p.exact[0] == nil || tokens[i].text.hasPrefix(p.exact[0]!)) {
                    credit(p, at: i)
                }
            }
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

    private func matches(_ p: Pattern, _ tokens: [Token], _ stems: [String], at i: Int) -> Bool {
        guard i + p.words.count <= tokens.count else { return false }
        for k in 0..<p.words.count {
            let isLast = k == p.words.count - 1
            if isLast && p.prefixLast {
                if !tokens[i + k].folded.hasPrefix(p.words[k]) { return false }
            } else if stems[i + k] != p.words[k] {
                return false
            }
            if let e = p.exact[k], tokens[i + k].text != e { return false }
        }
        return true
    }
}
