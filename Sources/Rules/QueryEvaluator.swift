import Analysis
import WirewatchCore

/// Where a clause held: plain integers, cheap to record while rules are
/// still being tried; `ArticleView.evidence` turns them into alert evidence.
struct Hit {
    enum Kind: UInt8 {
        /// `start..<end`: scalar offsets in the analysed text.
        case text
        /// `start..<end` in value `extra` of metadata field `field`.
        case metadata
        /// Topic clause `extra`.
        case topic
    }
    var kind: Kind
    /// The clause's source, in the program's strings.
    var clause: Int32
    var start: Int32
    var end: Int32
    var extra: Int32 = 0
    var field: TextField = .any
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
    let program: QueryProgram

    func holds(rule: Int, _ hits: inout [Hit]) -> Bool { holds(program.roots[rule], &hits) }

    func holds(_ n: Int32, _ hits: inout [Hit]) -> Bool {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .and:
            let mark = hits.count
            for k in Int(node.a)..<Int(node.b) where !holds(program.children[k], &hits) {
                hits.removeSubrange(mark...)
                return false
            }
            return true
        case .or:
            var any = false
            for k in Int(node.a)..<Int(node.b) where holds(program.children[k], &hits) { any = true }
            return any
        case .not:
            let mark = hits.count
            let held = holds(node.a, &hits)
            hits.removeSubrange(mark...)
            return !held
        case .term, .near, .onear, .sentence:
            let spans = self.spans(n)
            for s in spans {
                hits.append(Hit(kind: .text, clause: node.source, start: view.tokenStart[s.lo], end: view.tokenEnd[s.hi - 1]))
            }
            return !spans.isEmpty
        case .entity:
            var held = false
            forEachMention(program.entities[Int(node.a)]) { start, end in
                hits.append(Hit(kind: .text, clause: node.source, start: Int32(start), end: Int32(end)))
                held = true
            }
            return held
        case .topic:
            let t = program.topics[Int(node.a)]
            guard let hit = view.input.analysis.topics.first(where: { $0.id == t.id }), hit.score > 0, hit.score >= t.minScore else { return false }
            hits.append(Hit(kind: .topic, clause: node.source, start: 0, end: 0, extra: node.a))
            return true
        case .metadata:
            guard let hit = metadataHit(program.metadata[Int(node.a)], source: node.source) else { return false }
            hits.append(hit)
            return true
        }
    }

    /// Where a positional clause holds, in token order.
    func spans(_ n: Int32) -> [TokenSpan] {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .term: return termSpans(node)
        case .entity:
            var out: [TokenSpan] = []
            forEachMention(program.entities[Int(node.a)]) { start, end in
                let s = TokenSpan(lo: view.tokenIndex(atOrAfter: start), hi: view.tokenIndex(atOrAfter: end))
                if s.lo < s.hi { out.append(s) }
            }
            return out.sorted()
        case .or:
            var out: [TokenSpan] = []
            for k in Int(node.a)..<Int(node.b) { out += spans(program.children[k]) }
            return Array(Set(out)).sorted()
        case .near, .onear:
            return nearSpans(spans(node.a), spans(node.b), distance: Int(node.c), ordered: node.op == .onear)
        case .sentence:
            return sentenceSpans((Int(node.a)..<Int(node.b)).map { program.children[$0] })
        case .and, .not, .topic, .metadata:
            return [] // the parser admits only positional operands
        }
    }

    /// Every non-overlapping place the words (or phrase) occur in the field.
    private func termSpans(_ node: QueryProgram.Node) -> [TokenSpan] {
        let first = Int(node.a), count = Int(node.b - node.a)
        let anchor = Int(node.c & 0xFFFF)
        let field = QueryProgram.fields[Int(node.c >> 16 & 0xFF)]
        let caseSensitive = node.c >> 24 != 0
        let occurrences = view.occurrences(of: program.words[first + anchor].id)
        guard !occurrences.isEmpty else { return [] }
        let range = view.tokenRange(field)
        var out: [TokenSpan] = []
        var nextFree = range.lowerBound
        for k in occurrences {
            let lo = view.position(k) - anchor, hi = lo + count
            guard lo >= nextFree, hi <= range.upperBound else { continue }
            // A phrase does not run from the title into the body.
            if field == .any, lo < view.titleTokenEnd, hi > view.titleTokenEnd { continue }
            var ok = true
            for j in 0..<count {
                let w = program.words[first + j]
                let i = lo + j
                switch w.kind {
                case .any: continue
                case .exact:
                    ok = view.tokenWord[i] == w.id && (!caseSensitive || view.tokens[i].text == program.strings[Int(w.text)])
                case .prefix:
                    // The anchor's tokens were found by this prefix already.
                    if j == anchor, !caseSensitive { continue }
                    let token = caseSensitive ? view.tokens[i].text : view.tokens[i].folded
                    ok = token.utf8.starts(with: program.strings[Int(w.text)].utf8)
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

    private func forEachMention(_ e: EntityClause, _ body: (Int, Int) -> Void) {
        for h in view.input.analysis.entities where (e.canonical.map { $0 == h.canonical } ?? true) && (e.type.map { $0 == h.type } ?? true) {
            for m in h.mentions { body(m.start, m.end) }
        }
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
    private func sentenceSpans(_ operands: [Int32]) -> [TokenSpan] {
        var windows: [Int32: TokenSpan]?
        for q in operands {
            var mine: [Int32: TokenSpan] = [:]
            for s in spans(q) {
                let sentence = view.tokenSentence[s.lo]
                guard view.tokenSentence[s.hi - 1] == sentence else { continue }
                mine[sentence] = mine[sentence].map { TokenSpan(lo: min($0.lo, s.lo), hi: max($0.hi, s.hi)) } ?? s
            }
            if let previous = windows {
                var merged: [Int32: TokenSpan] = [:]
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

    private func metadataHit(_ t: TermClause, source: Int32) -> Hit? {
        for (v, value) in view.metadata(t.field).enumerated() {
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
                    return Hit(kind: .metadata, clause: source, start: Int32(tokens[i].start), end: Int32(tokens[i + t.words.count - 1].end),
                               extra: Int32(v), field: t.field)
                }
                i += 1
            }
        }
        return nil
    }
}
