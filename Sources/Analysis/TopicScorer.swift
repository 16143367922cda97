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
/// written. A near term is two sets of words found close together in one
/// sentence ("curbs on chip exports"). A term's `unless` phrases cancel it
/// where they cover it ("Cyber Monday"), as do its near phrases (`hack*` near
/// `golf*`); a word written capitalised ("Fed") is found only where the text
/// has the capital (not in "fed up"), and a term written without capitals
/// does not count inside a person's name the analysis recognised ("Steve Jobs").
/// Title words count double; a term's repeats count less than new terms;
/// the score is 1 − e^(−evidence/s), where s grows with the article's length
/// from 1 to 3 (at 200 words): in a long article three solid terms give ≈ 0.63.
///
/// Tokens are looked up by the hash of their stem in `WordTable`s, so the
/// cost per token does not grow with the number of topics or terms.
public struct TopicScorer: Sendable {
    private let topics: [TopicDefinition]
    private let compiled: TopicPatterns
    static let saturation = 3.0
    static let wordsPerSaturationStep = 100.0

    public init(_ kb: KnowledgeBase) {
        topics = kb.topics
        compiled = TopicPatterns(kb.topics)
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

    /// `titleEnd`: tokens before this offset count double. `people`: the scalar ranges of the people's names
    /// the analysis found, which hold no topic's common words ("Steve Jobs", and "Jobs" after it; trial5 finding 38).
    /// Other names do (the "Ministry of Health", the "Climate Change Committee"): their other senses are `unless` phrases.
    public func score(_ tokens: [Token], titleEnd: Int, people: [Range<Int>] = []) -> [TopicHit] {
        let patterns = compiled.patterns, terms = compiled.terms
        var weight = [Double](repeating: 0, count: topics.count)
        var evidence = [[String]](repeating: [], count: topics.count)
        var seen = [Bool](repeating: false, count: terms.count)
        let stems = tokens.map(Stemmer.stemHash)
        var found: [(at: Int, pattern: Int, length: Int)] = []
        for i in tokens.indices { compiled.found(at: i, tokens, stems, into: &found) }
        guard !found.isEmpty else { return [] }
        let inName = Self.nameTokens(people, tokens)
        var cancelled: [(term: Int, range: Range<Int>)] = []
        if compiled.hasCancelling {
            for (k, f) in found.enumerated() {
                let p = patterns[f.pattern]
                switch p.role {
                case .cancel: cancelled.append((p.term, f.at..<f.at + f.length))
                case .cancelSide(let side, let group):
                    // A near phrase cancels from its first side's start to its second side's end.
                    if let q = partner(of: k, within: compiled.nearCancels[group].within, found, tokens, {
                        patterns[found[$0].pattern].role == .cancelSide(1 - side, group: group)
                    }) { cancelled.append((p.term, f.at..<found[q].at + found[q].length)) }
                case .whole, .side: break
                }
            }
            // One sense per story: "the strike" after an air strike, "the union" after the Soviet Union, is the word
            // in the sense already cancelled (trial5 finding 38)…
            if !cancelled.isEmpty {
                for f in found where f.at > 0 && patterns[f.pattern].role == .whole && Self.referringBack.contains(tokens[f.at - 1].folded) {
                    let t = patterns[f.pattern].term
                    if cancelled.contains(where: { $0.term == t && $0.range.upperBound <= f.at - 1 }) { cancelled.append((t, f.at..<f.at + f.length)) }
                }
                // A title's word is in the sense its body uses: "Chips with everything" over fish and chips, "Council
                // sanctions new park" over "the council sanctioned the plans" — when the body has the term only cancelled.
                let bodyStart = tokens.firstIndex { $0.end > titleEnd } ?? tokens.count
                for f in found where f.at < bodyStart && patterns[f.pattern].role == .whole {
                    let t = patterns[f.pattern].term
                    var cancelledInBody = false, countedInBody = false
                    for g in found where g.at >= bodyStart && patterns[g.pattern].term == t && patterns[g.pattern].role == .whole {
                        if cancelled.contains(where: { $0.term == t && $0.range.overlaps(g.at..<g.at + g.length) }) { cancelledInBody = true } else { countedInBody = true }
                    }
                    if cancelledInBody && !countedInBody { cancelled.append((t, f.at..<f.at + f.length)) }
                }
            }
        }
        func counts(_ t: Int, _ range: Range<Int>) -> Bool {
            if cancelled.contains(where: { $0.term == t && $0.range.overlaps(range) }) { return false }
            guard terms[t].commonWord, let inName else { return true }
            return !inName[range.lowerBound]
        }
        // A word is one term's evidence for a topic, however many of the topic's terms it matches: the heaviest
        // term that starts at it (the longest, of equal weight), and no term of the topic that starts inside a term
        // credited. "distillery" matched `distil*` and `distill*`, "semiconductors" `semiconductor*` and the Spanish
        // `semiconductores`, each a weight twice over (trial5 findings 14, 45).
        var coveredUntil = [Int](repeating: 0, count: topics.count)
        // The terms found at the current word, one per topic (a word matches few terms: a short list).
        var best: [(term: Int, length: Int, found: Int, partner: Int?)] = []
        func consider(_ t: Int, at i: Int, length: Int, found f: Int, partner: Int?) {
            let topic = terms[t].topic
            guard i >= coveredUntil[topic] else { return }
            guard let k = best.firstIndex(where: { terms[$0.term].topic == topic }) else { return best.append((t, length, f, partner)) }
            let q = terms[best[k].term]
            if terms[t].weight > q.weight || (terms[t].weight == q.weight && length > best[k].length) { best[k] = (t, length, f, partner) }
        }
        var f = 0
        while f < found.count {
            let i = found[f].at
            best.removeAll(keepingCapacity: true)
            while f < found.count && found[f].at == i {
                let m = found[f], p = patterns[m.pattern]
                switch p.role {
                case .cancel, .cancelSide: break
                case .whole:
                    if counts(p.term, i..<i + m.length) { consider(p.term, at: i, length: m.length, found: f, partner: nil) }
                case .side(let side):
                    if counts(p.term, i..<i + m.length), let within = terms[p.term].within, let q = partner(of: f, within: within, found, tokens, {
                        let o = found[$0]
                        return patterns[o.pattern].term == p.term && patterns[o.pattern].role == .side(1 - side) && counts(p.term, o.at..<o.at + o.length)
                    }) {
                        consider(p.term, at: i, length: found[q].at + found[q].length - i, found: f, partner: q)
                    }
                }
                f += 1
            }
            for chosen in best {
                let term = terms[chosen.term]
                let inTitle = tokens[i].end <= titleEnd
                weight[term.topic] += term.weight * (seen[chosen.term] ? 0.35 : 1) * (inTitle ? 2 : 1)
                if !seen[chosen.term] {
                    seen[chosen.term] = true
                    evidence[term.topic].append(Self.words(found[chosen.found], tokens) + (chosen.partner.map { " … " + Self.words(found[$0], tokens) } ?? ""))
                }
                coveredUntil[term.topic] = i + chosen.length
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

    /// Words that, just before a term's word, refer back to an earlier mention of it.
    static let referringBack: Set<String> = ["the", "this", "that"]

    /// The first found pattern after `f` that is the other side of its near term or near phrase (`isOtherSide`;
    /// for a term, one that counts: not cancelled, not inside a name), with at most `within` words between
    /// them, in the same sentence. Sides are found at their starts, so either order is found.
    private func partner(of f: Int, within: Int, _ found: [(at: Int, pattern: Int, length: Int)], _ tokens: [Token],
                         _ isOtherSide: (Int) -> Bool) -> Int? {
        let m = found[f]
        let end = m.at + m.length
        var q = f + 1
        while q < found.count && found[q].at <= end + within {
            let o = found[q]
            if o.at >= end, tokens[o.at].sentence == tokens[m.at].sentence, isOtherSide(q) { return q }
            q += 1
        }
        return nil
    }

    /// A found pattern's words as written; ideographs and kana without spaces.
    private static func words(_ m: (at: Int, pattern: Int, length: Int), _ tokens: [Token]) -> String {
        let ws = tokens[m.at..<m.at + m.length]
        let joined = ws.count > 1 && ws.allSatisfy { $0.text.unicodeScalars.first.map(Tokenizer.isIdeograph) ?? false }
        if joined { return ws.map(\.text).joined() }
        // Words joined by "&" or "-" as written: "S&P 500", not "S P 500".
        var out = ""
        for (k, t) in zip(ws.indices, ws) {
            if k > ws.startIndex { out += t.shape.contains(.afterAmpersand) ? "&" : t.shape.contains(.hyphenated) ? "-" : " " }
            out += t.text
        }
        return out
    }

    /// Per token, whether it stands in a name, not as the first of several words: a title comes first
    /// ("President Xi", "Prime Minister Keir Starmer") and is the topic's word; nil when there are no names.
    private static func nameTokens(_ names: [Range<Int>], _ tokens: [Token]) -> [Bool]? {
        guard !names.isEmpty else { return nil }
        var out = [Bool](repeating: false, count: tokens.count)
        for n in names {
            // The first token at or after the name's start: tokens are in text order.
            var lo = 0, hi = tokens.count
            while lo < hi { let mid = (lo + hi) / 2; if tokens[mid].start < n.lowerBound { lo = mid + 1 } else { hi = mid } }
            var end = lo
            while end < tokens.count && tokens[end].end <= n.upperBound { end += 1 }
            for k in (end - lo > 1 ? lo + 1 : lo)..<max(end, lo) { out[k] = true }
        }
        return out
    }
}
