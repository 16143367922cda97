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
    var spans: [TokenSpan] = []

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
    mutating func pushSpans(_ n: Int32) {
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


    private func metadataHit(_ t: TermClause, source: Int32) -> Hit? {
        for (v, value) in view.metadata(t.field).enumerated() {
            let tokens = value.tokens
            var i = 0
            while i + t.words.count <= tokens.count {
                var ok = true
                for (k, w) in t.words.enumerated() {
                    let s = t.caseSensitive ? tokens[i + k].spelling : tokens[i + k].folded
                    if w.joinedToPrevious, !SideBySide.written(tokens[i + k], joinedTo: tokens[i + k - 1]) { ok = false; break }
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
