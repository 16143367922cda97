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
        /// A topic clause; `extra` is the topic's position in the analysis's topics.
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
/// the hits that show why, or does not, adding nothing. Spans are computed
/// on one stack (`spans`) that every clause pushes onto and pops, so that
/// evaluating a rule allocates nothing once the buffers have grown.
struct QueryEvaluator {
    let view: ArticleView
    let program: QueryProgram
    /// Spans of the clauses under evaluation, innermost last.
    private var spans: [TokenSpan] = []

    init(view: ArticleView, program: QueryProgram) {
        self.view = view
        self.program = program
    }

    mutating func holds(rule: Int, _ hits: inout [Hit]) -> Bool { holds(program.root(rule), &hits) }

    mutating func holds(_ n: Int32, _ hits: inout [Hit]) -> Bool {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .and:
            let mark = hits.count
            for k in Int(node.a)..<Int(node.b) where !holds(program.child(k), &hits) {
                hits.removeSubrange(mark...)
                return false
            }
            return true
        case .or:
            var any = false
            for k in Int(node.a)..<Int(node.b) where holds(program.child(k), &hits) { any = true }
            return any
        case .not:
            let mark = hits.count
            let held = holds(node.a, &hits)
            hits.removeSubrange(mark...)
            return !held
        case .term, .near, .onear, .sentence:
            let mark = spans.count
            pushSpans(n)
            for k in mark..<spans.count {
                hits.append(Hit(kind: .text, clause: node.source, start: view.tokenStart[spans[k].lo], end: view.tokenEnd[spans[k].hi - 1]))
            }
            let held = spans.count > mark
            spans.removeSubrange(mark...)
            return held
        case .entity:
            var held = false
            forEachMention(node) { start, end in
                hits.append(Hit(kind: .text, clause: node.source, start: start, end: end))
                held = true
            }
            return held
        case .topic:
            let k = Int(view.topicPositions[Int(node.b)])
            // Only a topic with a score is placed (`topicPositions`): none holds at 0, whatever its threshold.
            guard k >= 0, view.input.analysis.topics[k].score >= program.thresholds[Int(node.c)] else { return false }
            hits.append(Hit(kind: .topic, clause: node.source, start: 0, end: 0, extra: Int32(k)))
            return true
        case .metadata:
            guard let hit = metadataHit(program.metadata[Int(node.a)], source: node.source) else { return false }
            hits.append(hit)
            return true
        case .child, .word:
            return false // not clauses
        }
    }

    /// Where a positional clause holds, in token order.
    mutating func spans(_ n: Int32) -> [TokenSpan] {
        let mark = spans.count
        pushSpans(n)
        defer { spans.removeSubrange(mark...) }
        return Array(spans[mark...])
    }

    /// Pushes where positional clause `n` holds onto `spans`: distinct, in token order.
    private mutating func pushSpans(_ n: Int32) {
        let node = program.nodes[Int(n)]
        let mark = spans.count
        switch node.op {
        case .term:
            pushTermSpans(node)
        case .entity:
            let view = self.view
            forEachMention(node) { start, end in
                let s = TokenSpan(lo: view.tokenIndex(atOrAfter: Int(start)), hi: view.tokenIndex(atOrAfter: Int(end)))
                if s.lo < s.hi { spans.append(s) }
            }
            sortDistinct(from: mark)
        case .or:
            for k in Int(node.a)..<Int(node.b) { pushSpans(program.child(k)) }
            sortDistinct(from: mark)
        case .near, .onear:
            pushSpans(node.a)
            let right = spans.count
            pushSpans(node.b)
            guard right > mark, spans.count > right else { return spans.removeSubrange(mark...) }
            let windows = spans.count
            pushNearWindows(left: mark..<right, right: right..<windows, distance: Int(node.c), ordered: node.op == .onear)
            sortDistinct(from: windows)
            spans.removeSubrange(mark..<windows)
        case .sentence:
            pushSentenceWindows(node, from: mark)
        case .and, .not, .topic, .metadata, .child, .word:
            break // the parser admits only positional operands
        }
    }

    /// Sorts `spans[from...]` and drops repeats.
    private mutating func sortDistinct(from: Int) {
        guard spans.count - from > 1 else { return }
        spans[from...].sort()
        var kept = from + 1
        for k in from + 1..<spans.count where spans[k] != spans[kept - 1] {
            spans[kept] = spans[k]
            kept += 1
        }
        spans.removeSubrange(kept...)
    }

    /// Every non-overlapping place the words (or phrase) occur in the field.
    private mutating func pushTermSpans(_ node: QueryProgram.Node) {
        let first = Int(node.a), count = Int(node.b - node.a)
        let anchor = node.termAnchor, field = node.termField, caseSensitive = node.termCaseSensitive, joins = node.termHasJoinedWords
        let occurrences = view.occurrences(of: program.word(first + anchor).id)
        guard !occurrences.isEmpty else { return }
        let range = view.tokenRange(field)
        var nextFree = range.lowerBound
        for k in occurrences {
            let lo = view.position(k) - anchor, hi = lo + count
            guard lo >= nextFree, hi <= range.upperBound else { continue }
            // A phrase does not run from the title into the body.
            if field == .any, lo < view.titleTokenEnd, hi > view.titleTokenEnd { continue }
            if count > 1 || caseSensitive, !wordsMatch(first: first, count: count, anchor: anchor, at: lo, caseSensitive: caseSensitive) {
                // "DeepSeek models" in "DeepSeek's models": the apostrophe's "s" is passed over (trial4 finding 6).
                guard count > 1, !caseSensitive, let span = spanOverApostropheS(first: first, count: count, anchor: anchor, at: view.position(k),
                                                                 within: range, caseSensitive: caseSensitive),
                      span.lo >= nextFree, field != .any || !(span.lo < view.titleTokenEnd && span.hi > view.titleTokenEnd) else { continue }
                spans.append(span)
                nextFree = span.hi
                continue
            }
            if joins, !joinedWordsTouch(first: first, count: count, at: lo) { continue }
            spans.append(TokenSpan(lo: lo, hi: hi))
            nextFree = hi
        }
    }

    /// Whether the tokens of the term's joined words (`TermClause.Word.joinedToPrevious`: "深度求索" written side by
    /// side) touch the token before, at tokens `lo...`: a phrase of Chinese characters does not run across "，" or "。".
    private func joinedWordsTouch(first: Int, count: Int, at lo: Int) -> Bool {
        for j in 1..<count where program.word(first + j).joined && view.tokenEnd[lo + j - 1] != view.tokenStart[lo + j] { return false }
        return true
    }

    /// Words whose "'s" is "is", "has" or "us", not a possessive.
    static let contractionHeads: Set<String> = ["it", "that", "what", "there", "here", "who", "he", "she", "let", "where", "how",
                                                "when", "why", "this", "everyone", "nobody", "someone", "everything", "nothing"]

    /// The phrase's span when its words are at the tokens around its anchor's token `at` with an apostrophe's
    /// "s" (`Token.isApostropheS`) between two of them that the phrase does not write; nil when it has none there
    /// or the words differ. Tried only where the words are not side by side: at most one more walk of the phrase's
    /// words per occurrence of its anchor, stopping at the first that differs.
    private func spanOverApostropheS(first: Int, count: Int, anchor: Int, at p: Int, within range: Range<Int>, caseSensitive: Bool) -> TokenSpan? {
        var lo = p, hi = p + 1, passed = false
        func holds(_ j: Int, _ i: Int) -> Bool {
            let w = program.word(first + j)
            if w.kind == .any { return true }
            return Self.wordMatches(caseSensitive ? view.tokens[i].spelling : view.tokens[i].folded, program.strings[Int(w.text)], prefix: w.kind == .prefix)
        }
        func passes(_ i: Int, _ j: Int) -> Bool {
            // Here a phrase's "*" takes the word after a possessive's "s" (side by side, `wordsMatch` lets it take the
            // "s" itself: docs/rules.md says both); a contraction's "s" ("it's", "let's") is a word, "is" or "us"
            // (review of s27, 1, 2).
            range.contains(i) && view.tokens[i].isApostropheS && i > range.lowerBound
                && !Self.contractionHeads.contains(view.tokens[i - 1].folded) && (program.word(first + j).kind == .any || !holds(j, i))
        }
        for j in stride(from: anchor - 1, through: 0, by: -1) {
            var i = lo - 1
            if passes(i, j) { i -= 1; passed = true }
            guard range.contains(i), holds(j, i), !program.word(first + j + 1).joined || view.tokenEnd[i] == view.tokenStart[lo] else { return nil }
            lo = i
        }
        if caseSensitive, !holds(anchor, p) { return nil }
        for j in anchor + 1..<count {
            var i = hi
            if passes(i, j) { i += 1; passed = true }
            guard range.contains(i), holds(j, i), !program.word(first + j).joined || view.tokenStart[i] == view.tokenEnd[hi - 1] else { return nil }
            hi = i + 1
        }
        return passed ? TokenSpan(lo: lo, hi: hi) : nil
    }

    /// Whether the term's words are at tokens `lo...` (the anchor's token is known to be its word or prefix).
    private func wordsMatch(first: Int, count: Int, anchor: Int, at lo: Int, caseSensitive: Bool) -> Bool {
        for j in 0..<count {
            let w = program.word(first + j)
            let i = lo + j
            guard w.kind != .any, j != anchor || caseSensitive else { continue }
            let token = caseSensitive ? view.tokens[i].spelling : view.tokens[i].folded
            guard Self.wordMatches(token, program.strings[Int(w.text)], prefix: w.kind == .prefix) else { return false }
        }
        return true
    }

    /// Whether a token is a term's word: that word, or for a wildcard word, starts with it.
    static func wordMatches(_ token: String, _ word: String, prefix: Bool) -> Bool {
        prefix ? token.utf8.starts(with: word.utf8) : token == word
    }

    /// Calls `body` with the scalar offsets of each mention of entity clause
    /// `node`'s entity: compared by index key (a canonical name's) and type,
    /// not by name.
    private func forEachMention(_ node: QueryProgram.Node, _ body: (Int32, Int32) -> Void) {
        let key = node.b
        let type = QueryProgram.entityTypes[Int(node.c)]
        let entities = view.entities
        for e in entities.key.indices where (key < 0 || entities.key[e] == key) && (type.map { $0 == entities.type[e] } ?? true) {
            for m in Int(entities.mentions[e])..<Int(entities.mentions[e + 1]) { body(entities.mentionStart[m], entities.mentionEnd[m]) }
        }
    }

    /// Pushes the windows where a span of `left` and one of `right` are at
    /// most `distance` words apart (left first when `ordered`), not
    /// overlapping, and not spanning title and body.
    /// Both lists are in token order, so each left span is paired only with the right spans within reach of it,
    /// found by binary search: those starting at most `distance` words after it ends (by start), and, unordered,
    /// those ending at most `distance` words before it starts (by end, in a second order: a long span, a SENTENCE
    /// window in an OR operand, would otherwise stretch the reach of every left span). Every pair was tried, and a
    /// long article repeating both words took seconds (40,000 occurrences: 17 s in a debug build; trial4 finding
    /// 34; review of this session, 11).
    private mutating func pushNearWindows(left: Range<Int>, right: Range<Int>, distance: Int, ordered: Bool) {
        let boundary = view.titleTokenEnd
        let byEnd = ordered ? [] : right.sorted { spans[$0].hi < spans[$1].hi }
        for i in left {
            let l = spans[i]
            var j = Self.lowerBound(right.lowerBound, right.upperBound) { spans[$0].lo < l.hi }
            while j < right.upperBound, spans[j].lo <= l.hi + distance {
                let w = TokenSpan(lo: l.lo, hi: spans[j].hi)
                j += 1
                if !(w.lo < boundary && w.hi > boundary) { spans.append(w) }
            }
            guard !ordered else { continue }
            var k = Self.lowerBound(0, byEnd.count) { spans[byEnd[$0]].hi < l.lo - distance }
            while k < byEnd.count, spans[byEnd[k]].hi <= l.lo {
                let w = TokenSpan(lo: spans[byEnd[k]].lo, hi: l.hi)
                k += 1
                if !(w.lo < boundary && w.hi > boundary) { spans.append(w) }
            }
        }
    }

    /// The first index in `lo..<hi` for which `before` is false (`hi` when none), `before` being true up to some index.
    private static func lowerBound(_ lo: Int, _ hi: Int, _ before: (Int) -> Bool) -> Int {
        var (lo, hi) = (lo, hi)
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// For each sentence where every operand holds: the window from the
    /// first operand match to the last one in that sentence. Windows are
    /// kept one per sentence, in sentence order, at `spans[from...]`.
    private mutating func pushSentenceWindows(_ node: QueryProgram.Node, from mark: Int) {
        for k in Int(node.a)..<Int(node.b) {
            let operand = spans.count
            pushSpans(program.child(k))
            // This operand's spans, folded into one window per sentence, in place.
            var end = operand
            for i in operand..<spans.count {
                let s = spans[i]
                let sentence = view.tokenSentence[s.lo]
                guard view.tokenSentence[s.hi - 1] == sentence else { continue }
                if end > operand, view.tokenSentence[spans[end - 1].lo] == sentence {
                    spans[end - 1] = TokenSpan(lo: min(spans[end - 1].lo, s.lo), hi: max(spans[end - 1].hi, s.hi))
                } else {
                    spans[end] = s
                    end += 1
                }
            }
            spans.removeSubrange(end...)
            if k > Int(node.a) {
                // Keep the sentences both lists have, merging their windows.
                var kept = mark, a = mark, b = operand
                while a < operand, b < end {
                    let sa = view.tokenSentence[spans[a].lo], sb = view.tokenSentence[spans[b].lo]
                    if sa < sb { a += 1 } else if sb < sa { b += 1 } else {
                        spans[kept] = TokenSpan(lo: min(spans[a].lo, spans[b].lo), hi: max(spans[a].hi, spans[b].hi))
                        kept += 1; a += 1; b += 1
                    }
                }
                spans.removeSubrange(kept...)
            }
            if spans.count == mark { return }
        }
    }

    private func metadataHit(_ t: TermClause, source: Int32) -> Hit? {
        for (v, value) in view.metadata(t.field).enumerated() {
            let tokens = value.tokens
            var i = 0
            while i + t.words.count <= tokens.count {
                var ok = true
                for (k, w) in t.words.enumerated() {
                    let s = t.caseSensitive ? tokens[i + k].spelling : tokens[i + k].folded
                    if w.joinedToPrevious, tokens[i + k - 1].end != tokens[i + k].start { ok = false; break }
                    if w.kind == .any { continue }
                    ok = Self.wordMatches(s, w.text, prefix: w.kind == .prefix)
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
