import WirewatchCore

/// Why a NEAR or ONEAR both of whose operands occur does not hold: how near they come. "Both occur, but never
/// within 5 words" alone said nothing of words 40 apart, of an "'s" counted as a word, or of a title word beside
/// the text's first word, which NEAR does not join (it counts within the title or within the text).
extension RuleExplanation {
    static func nearMiss(_ node: QueryProgram.Node, evaluator: QueryEvaluator) -> String {
        var evaluator = evaluator
        let left = evaluator.spans(node.a), right = evaluator.spans(node.b)
        let ordered = node.op == .onear
        let boundary = evaluator.view.titleTokenEnd
        let distance = Int(node.c)
        // A window never crosses the title's end, so every span is in one part or the other.
        let parts = [{ (s: TokenSpan) in s.hi <= boundary }, { (s: TokenSpan) in s.lo >= boundary }]
        let nearest = parts.compactMap { inPart in nearestGap(left.filter(inPart), right.filter(inPart), ordered: ordered) }
            .min { $0.gap < $1.gap }
        let within = "within \(distance) word\(distance == 1 ? "" : "s")"
        guard let nearest else {
            if ordered, parts.contains(where: { nearestGap(right.filter($0), left.filter($0), ordered: true) != nil }) {
                return "both occur, but never in this order"
            }
            return "both occur, but never in one part: one only in the title, the other only in the text, "
                + "and \(ordered ? "ONEAR" : "NEAR") counts words within the title or within the text"
        }
        var detail = "both occur, but never \(ordered ? "in this order " : "")\(within): the nearest are \(words(nearest.gap)) apart"
        // A few words apart, they are shown: an "'s" or a hyphen counted as a word is then plain to see.
        if nearest.gap <= 10 { detail += " ('\(written(nearest.window, evaluator.view))')" }
        // The title's last words and the text's first, as a reader sees them: close, and not counted.
        let acrossTitle = [(left, right)] + (ordered ? [] : [(right, left)])
        if acrossTitle.contains(where: { a, b in
            guard let last = a.last(where: { $0.hi <= boundary }), let first = b.first(where: { $0.lo >= boundary }) else { return false }
            return first.lo - last.hi <= distance
        }) {
            detail += "; across the title's end they are \(within), but \(ordered ? "ONEAR" : "NEAR") does not count across it"
        }
        return detail
    }

    private static func words(_ n: Int) -> String { "\(n) word\(n == 1 ? "" : "s")" }

    /// The fewest words between a span of `left` and a span of `right` that do not overlap (`right` after `left`
    /// when `ordered`), both in token order, and the tokens from one to the other; nil when there is no such pair.
    private static func nearestGap(_ left: [TokenSpan], _ right: [TokenSpan], ordered: Bool) -> (gap: Int, window: Range<Int>)? {
        guard !left.isEmpty, !right.isEmpty else { return nil }
        let byEnd = ordered ? [] : right.sorted { $0.hi < $1.hi }
        var best: (gap: Int, window: Range<Int>)?
        func consider(_ gap: Int, _ window: Range<Int>) { if gap < best?.gap ?? .max { best = (gap, window) } }
        for l in left {
            // The first right span starting at or after l's end.
            let after = QueryEvaluator.lowerBound(0, right.count) { right[$0].lo < l.hi }
            if after < right.count { consider(right[after].lo - l.hi, l.lo..<right[after].hi) }
            guard !ordered else { continue }
            // The last right span ending at or before l's start.
            let before = QueryEvaluator.lowerBound(0, byEnd.count) { byEnd[$0].hi <= l.lo } - 1
            if before >= 0 { consider(l.lo - byEnd[before].hi, byEnd[before].lo..<l.hi) }
        }
        return best
    }
}
