import Analysis
import WirewatchCore

/// The windows of NEAR, ONEAR and SENTENCE: pairs of spans close enough, and sentences where every operand holds.
extension QueryEvaluator {
    /// Pushes the windows where a span of `left` and one of `right` are at
    /// most `distance` words apart (left first when `ordered`), not
    /// overlapping, and not spanning title and body.
    /// Both lists are in token order, so each left span is paired only with the right spans within reach of it,
    /// found by binary search: those starting at most `distance` words after it ends (by start), and, unordered,
    /// those ending at most `distance` words before it starts (by end, in a second order: a long span, a SENTENCE
    /// window in an OR operand, would otherwise stretch the reach of every left span). Every pair was tried, and a
    /// long article repeating both words took seconds (40,000 occurrences: 17 s in a debug build; trial4 finding
    /// 34; review of this session, 11).
    mutating func pushNearWindows(left: Range<Int>, right: Range<Int>, distance: Int, ordered: Bool) {
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
    static func lowerBound(_ lo: Int, _ hi: Int, _ before: (Int) -> Bool) -> Int {
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
    mutating func pushSentenceWindows(_ node: QueryProgram.Node, from mark: Int) {
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
}
