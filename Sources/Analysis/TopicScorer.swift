import Foundation

/// A topic's score for one article and the terms that earned it.
public struct TopicHit: Sendable, Hashable {
    public var id: String
    public var score: Double
    public var evidence: [String]
}

/// Scores every taxonomy topic on an article's tokens. A term is a word or
/// phrase; a trailing `*` on a word matches any word with that prefix, so
/// "distil*" covers distil, distilled and distillation.
public struct TopicScorer: Sendable {
    private struct Pattern: Sendable {
        var words: [String]
        var prefixLast: Bool
        var topic: Int
        var weight: Double
        var text: String
    }
    private let topics: [TopicDefinition]
    private let exactFirst: [String: [Pattern]]
    private let prefixFirst: [(prefix: String, pattern: Pattern)]
    /// Score = 1 − e^(−evidence / saturation): three solid terms give about 0.63.
    private let saturation = 3.0

    public init(_ kb: KnowledgeBase) {
        topics = kb.topics
        var exact: [String: [Pattern]] = [:]
        var prefix: [(String, Pattern)] = []
        for (ti, t) in kb.topics.enumerated() {
            for term in t.terms {
                let star = term.text.hasSuffix("*")
                var words = Tokenizer.foldedWords(star ? String(term.text.dropLast()) : term.text)
                guard !words.isEmpty else { continue }
                let p = Pattern(words: words, prefixLast: star, topic: ti, weight: term.weight, text: term.text)
                if star && words.count == 1 {
                    prefix.append((words.removeFirst(), p))
                } else {
                    exact[words[0], default: []].append(p)
                }
            }
        }
        exactFirst = exact
        prefixFirst = prefix
    }

    /// `titleEnd`: tokens before this offset count double.
    public func score(_ tokens: [Token], titleEnd: Int) -> [TopicHit] {
        var weight = [Double](repeating: 0, count: topics.count)
        var seen = [Set<String>](repeating: [], count: topics.count)
        var evidence = [[String]](repeating: [], count: topics.count)
        func credit(_ p: Pattern, at i: Int) {
            let inTitle = tokens[i].end <= titleEnd
            // Repeats count, but less than new terms.
            let repeatFactor = seen[p.topic].contains(p.text) ? 0.35 : 1.0
            weight[p.topic] += p.weight * repeatFactor * (inTitle ? 2 : 1)
            if seen[p.topic].insert(p.text).inserted { evidence[p.topic].append(p.text) }
        }
        for i in tokens.indices {
            let w = tokens[i].folded
            if let candidates = exactFirst[w] {
                for p in candidates where phraseMatches(p, tokens, at: i) { credit(p, at: i) }
            }
            for (prefix, p) in prefixFirst where w.hasPrefix(prefix) { credit(p, at: i) }
        }
        var hits: [TopicHit] = []
        for t in topics.indices where weight[t] > 0 {
            let s = 1 - exp(-weight[t] / saturation)
            hits.append(TopicHit(id: topics[t].id, score: (s * 100).rounded() / 100, evidence: evidence[t]))
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    private func phraseMatches(_ p: Pattern, _ tokens: [Token], at i: Int) -> Bool {
        guard i + p.words.count <= tokens.count else { return false }
        for (k, w) in p.words.enumerated() {
            let t = tokens[i + k].folded
            let isLast = k == p.words.count - 1
            if isLast && p.prefixLast ? !t.hasPrefix(w) : t != w { return false }
        }
        return true
    }
}
