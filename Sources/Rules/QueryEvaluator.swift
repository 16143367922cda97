import Analysis
import WirewatchCore

/// Where a clause held: enough to build an alert's evidence later, and
/// cheap to record while rules are still being tried.
struct Hit {
    enum Location {
        /// Scalar offsets in the analysed text.
        case text(start: Int, end: Int)
        case metadata(field: TextField, value: String, start: Int, end: Int)
        case topic(score: Double, evidence: [String])
    }
    var clause: String
    var location: Location
}

/// A run of tokens, `lo..<hi`.
struct TokenSpan: Hashable, Comparable {
    var lo: Int
    var hi: Int
    static func < (a: TokenSpan, b: TokenSpan) -> Bool { (a.lo, a.hi) < (b.lo, b.hi) }
}

/// Evaluates compiled queries on one article. A query either holds, adding
/// the hits that show why, or does not, adding nothing.
struct QueryEvaluator {
    let view: ArticleView

    func holds(_ q: CompiledQuery, _ hits: inout [Hit]) -> Bool {
        switch q {
        case .and(let parts):
            let mark = hits.count
            for p in parts where !holds(p, &hits) {
                hits.removeSubrange(mark...)
                return false
            }
            return true
        case .or(let parts):
            var any = false
            for p in parts where holds(p, &hits) { any = true }
            return any
        case .not(let inner):
            let mark = hits.count
            let held = holds(inner, &hits)
            hits.removeSubrange(mark...)
            return !held
        case .term(let t):
            return record(termSpans(t), clause: t.source, &hits)
        case .near(_, _, _, _, let source), .sentence(_, let source):
            return record(spans(q), clause: source, &hits)
        case .entity(let e):
            var held = false
            for m in mentions(e) {
                hits.append(Hit(clause: e.source, location: .text(start: m.start, end: m.end)))
                held = true
            }
            return held
        case .topic(let t):
            guard let hit = view.input.analysis.topics.first(where: { $0.id == t.id }), hit.score > 0, hit.score >= t.minScore else { return false }
            hits.append(Hit(clause: t.source, location: .topic(score: hit.score, evidence: hit.evidence)))
            return true
        case .metadata(let t):
            guard let hit = metadataHit(t) else { return false }
            hits.append(hit)
            return true
        }
    }

    private func record(_ spans: [TokenSpan], clause: String, _ hits: inout [Hit]) -> Bool {
        for s in spans {
            hits.append(Hit(clause: clause, location: .text(start: view.tokens[s.lo].start, end: view.tokens[s.hi - 1].end)))
        }
        return !spans.isEmpty
    }

    /// Where a positional clause holds, in token order.
    func spans(_ q: CompiledQuery) -> [TokenSpan] {
        switch q {
        case .term(let t): return termSpans(t)
        case .entity(let e):
            return mentions(e).map { TokenSpan(lo: view.tokenIndex(atOrAfter: $0.start), hi: view.tokenIndex(atOrAfter: $0.end)) }
                .filter { $0.lo < $0.hi }.sorted()
        case .or(let parts):
            return Array(Set(parts.flatMap(spans))).sorted()
        case .near(let left, let right, let distance, let ordered, _):
            return nearSpans(spans(left), spans(right), distance: distance, ordered: ordered)
        case .sentence(let operands, _):
            return sentenceSpans(operands)
        case .and, .not, .topic, .metadata:
            return [] // the parser admits only positional operands
        }
    }

    /// Every non-overlapping place the words (or phrase) occur in the field.
    func termSpans(_ t: CompiledTerm) -> [TokenSpan] {
        let anchor = t.words[t.anchor]
        let occurrences = view.positions(of: anchor.id)
        guard !occurrences.isEmpty else { return [] }
        let range = view.tokenRange(t.field)
        let tokens = view.tokens
        var out: [TokenSpan] = []
        var nextFree = range.lowerBound
        for p in occurrences {
            let lo = Int(p) - t.anchor, hi = lo + t.words.count
            guard lo >= nextFree, hi <= range.upperBound else { continue }
            // A phrase does not run from the title into the body.
            if t.field == .any, lo < view.titleTokenEnd, hi > view.titleTokenEnd { continue }
            var ok = true
            for (k, w) in t.words.enumerated() {
                let i = lo + k
                switch w.kind {
                case .any: continue
                case .exact: ok = t.caseSensitive ? tokens[i].text == w.text : view.tokenWord[i] == w.id
                case .prefix: ok = (t.caseSensitive ? tokens[i].text : tokens[i].folded).utf8.starts(with: w.text.utf8)
                }
                if !ok { break }
            }
            if ok {
                out.append(TokenSpan(lo: lo, hi: hi))
                nextFree = hi
            }
        }
        return out
    }

    private func mentions(_ e: EntityClause) -> [EntityHit.Mention] {
        var out: [EntityHit.Mention] = []
        for h in view.input.analysis.entities where (e.canonical.map { $0 == h.canonical } ?? true) && (e.type.map { $0 == h.type } ?? true) {
            out += h.mentions
        }
        return out
    }

    /// Windows where a span of `left` and one of `right` are at most
    /// `distance` words apart (left first when `ordered`), without overlapping.
    private func nearSpans(_ left: [TokenSpan], _ right: [TokenSpan], distance: Int, ordered: Bool) -> [TokenSpan] {
        var out: [TokenSpan] = []
        let boundary = view.titleTokenEnd
        for l in left {
            for r in right {
                let w: TokenSpan
                if l.hi <= r.lo, r.lo - l.hi <= distance {
                    w = TokenSpan(lo: l.lo, hi: r.hi)
                } else if !ordered, r.hi <= l.lo, l.lo - r.hi <= distance {
                    w = TokenSpan(lo: r.lo, hi: l.hi)
                } else {
                    continue
                }
                // Title and body are apart, however few words separate them.
                if w.lo < boundary, w.hi > boundary { continue }
                out.append(w)
            }
        }
        return out.count > 1 ? Array(Set(out)).sorted() : out
    }

    /// For each sentence where every operand holds: the window from the first
    /// operand match to the last one in that sentence.
    private func sentenceSpans(_ operands: [CompiledQuery]) -> [TokenSpan] {
        var windows: [Int: TokenSpan]?
        for q in operands {
            var mine: [Int: TokenSpan] = [:]
            for s in spans(q) {
                let sentence = view.tokens[s.lo].sentence
                guard view.tokens[s.hi - 1].sentence == sentence else { continue }
                let w = mine[sentence].map { TokenSpan(lo: min($0.lo, s.lo), hi: max($0.hi, s.hi)) } ?? s
                mine[sentence] = w
            }
            if let previous = windows {
                var merged: [Int: TokenSpan] = [:]
                for (sentence, w) in mine {
                    if let p = previous[sentence] { merged[sentence] = TokenSpan(lo: min(p.lo, w.lo), hi: max(p.hi, w.hi)) }
                }
                windows = merged
            } else {
                windows = mine
            }
            if windows?.isEmpty ?? true { return [] }
        }
        return (windows ?? [:]).values.sorted()
    }

    private func metadataHit(_ t: TermClause) -> Hit? {
        for value in view.metadata(t.field) {
            let tokens = value.tokens
            var i = 0
            while i + t.words.count <= tokens.count {
                var ok = true
                for (k, w) in t.words.enumerated() {
                    let s = t.caseSensitive ? tokens[i + k].text : tokens[i + k].folded
                    switch w.kind {
                    case .any: continue
                    case .exact: ok = s == w.text
                    case .prefix: ok = s.utf8.starts(with: w.text.utf8)
                    }
                    if !ok { break }
                }
                if ok {
                    return Hit(clause: t.source, location: .metadata(field: t.field, value: value.value, start: tokens[i].start,
                                                                     end: tokens[i + t.words.count - 1].end))
                }
                i += 1
            }
        }
        return nil
    }
}
