import Analysis
import Rules
import Foundation

/// Watch rules of realistic shape over a dictionary of words and phrases:
/// single terms, ANDs, ORs, exclusions, NEAR/ONEAR, SENTENCE, entity and
/// topic clauses, title scopes and wildcards.
struct RuleGenerator {
    /// Words and phrases the rules draw their terms from (at least 20,000).
    let dictionary: [String]
    let entities: [String]
    let topics: [String]

    /// Words sampled log-uniformly by rank from `minimumRank` on (from 1,000:
    /// as many from ranks 1,000–10,000, which hit many articles, as from the
    /// rare tail; the most common thousand are words nobody watches for);
    /// phrases are adjacent word pairs taken from the articles, or random pairs.
    static func dictionary(vocabulary: [String], minimumRank: Int, articles: [ArticleAnalysis], rng: inout SplitMix) -> [String] {
        var words = Set<String>()
        let lo = log(Double(minimumRank)), hi = log(Double(vocabulary.count))
        while words.count < 17_000 {
            words.insert(vocabulary[min(vocabulary.count - 1, Int(exp(lo + (hi - lo) * rng.unit())))])
        }
        var phrases = Set<String>()
        while phrases.count < 2_000 {
            let a = rng.pick(articles).tokens
            guard a.count > 2 else { continue }
            let i = rng.int(a.count - 1)
            let (x, y) = (a[i].folded, a[i + 1].folded)
            if x.count > 3, y.count > 3, a[i].sentence == a[i + 1].sentence { phrases.insert(x + " " + y) }
        }
        let wordList = Array(words).sorted()
        while phrases.count < 4_000 { phrases.insert(rng.pick(wordList) + " " + rng.pick(wordList)) }
        return wordList + Array(phrases).sorted()
    }

    func term(_ rng: inout SplitMix) -> String {
        let t = rng.pick(dictionary)
        if t.contains(" ") { return "\"\(t)\"" }
        if rng.int(10) == 0, t.count >= 6 {
            // A prefix that starts too many words ('with*') is refused as a rule file's would be: the word itself.
            let prefix = String(t.prefix(max(4, t.count - 3)))
            return BroadPrefixes.contains(prefix.lowercased()) ? t : prefix + "*"
        }
        return t
    }

    /// Rules as an operator watching named things writes them: each names an
    /// entity, a phrase or a rare term and narrows it by a topic, a phrase,
    /// another term, proximity or an exclusion (no bare single words). The
    /// entity is any of the pool's, popular or not: a watch list covers the
    /// companies and people that matter to the operator, not the ones in
    /// the news most.
    func operatorRule(_ rng: inout SplitMix) -> String {
        let entity = "entity:\"\(rng.pick(entities))\""
        switch rng.int(100) {
        case 0..<30: return "\(entity) AND (\(term(&rng)) OR \(term(&rng)))"
        case 30..<45: return "\(entity) AND topic:\(rng.pick(topics))"
        case 45..<57: return "\(term(&rng)) AND topic:\(rng.pick(topics))>0.\(2 + rng.int(6))"
        case 57..<69: return "\(phrase(&rng)) AND \(term(&rng))"
        case 69..<79: return "\(entity) NEAR/10 \(term(&rng))"
        case 79..<89: return "\(entity) AND \(term(&rng)) NOT (\(term(&rng)) OR \(term(&rng)))"
        case 89..<95: return "SENTENCE(\(entity), \(term(&rng)))"
        default: return "\(phrase(&rng)) ONEAR/3 \(term(&rng))"
        }
    }

    func phrase(_ rng: inout SplitMix) -> String {
        while true {
            let t = rng.pick(dictionary)
            if t.contains(" ") { return "\"\(t)\"" }
        }
    }

    func rule(_ rng: inout SplitMix) -> String {
        let r = rng.int(100)
        switch r {
        case 0..<12: return term(&rng)
        case 12..<30: return "\(term(&rng)) AND \(term(&rng))"
        case 30..<45: return "\(term(&rng)) AND (\(term(&rng)) OR \(term(&rng)) OR \(term(&rng)))"
        case 45..<55: return "\(term(&rng)) NEAR/\(2 + rng.int(9)) \(term(&rng))"
        case 55..<60: return "\(term(&rng)) ONEAR/\(1 + rng.int(5)) \(term(&rng))"
        case 60..<65: return "(\(term(&rng)) OR \(term(&rng))) -\(term(&rng))"
        case 65..<70: return "\(term(&rng)) NOT (\(term(&rng)) OR \(term(&rng)))"
        case 70..<80: return "entity:\"\(rng.pick(entities))\" AND (\(term(&rng)) OR \(term(&rng)))"
        case 80..<86: return "topic:\(rng.pick(topics))>0.\(2 + rng.int(6)) AND \(term(&rng))"
        case 86..<92: return "SENTENCE(\(term(&rng)), \(term(&rng)))"
        case 92..<96: return "title:\(term(&rng)) AND \(term(&rng))"
        default: return "entity:\"\(rng.pick(entities))\" NEAR/10 \(term(&rng))"
        }
    }
}
