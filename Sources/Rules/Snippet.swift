import WirewatchCore

/// A window of at most `limit` characters around a span, cut at word boundaries.
enum Snippet {
    static func around(_ scalars: [Unicode.Scalar], start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let start = max(bounds.lowerBound, start), end = min(bounds.upperBound, end)
        if end - start > limit - 2 {
            // A match longer than the snippet: its start, cut at a word.
            var b = start + limit - 1
            while b > start + limit / 2, !scalars[b - 1].properties.isWhitespace { b -= 1 }
            return text(scalars[start..<b]) + "…"
        }
        let room = limit - (end - start) - 2   // two ellipses at most
        var a = max(bounds.lowerBound, start - room / 2)
        var b = min(bounds.upperBound, end + (room - (start - a)))
        a = max(bounds.lowerBound, min(a, b - (limit - 2)))
        // Trim partial words at both ends.
        if a > bounds.lowerBound { while a < start, !scalars[a - 1].properties.isWhitespace { a += 1 } }
        if b < bounds.upperBound { while b > end, !scalars[b].properties.isWhitespace { b -= 1 } }
        var s = text(scalars[a..<b])
        if a > bounds.lowerBound { s = "…" + s.drop { $0 == " " } }
        if b < bounds.upperBound { s = String(s.reversed().drop { $0 == " " }.reversed()) + "…" }
        return s
    }

    private static func text(_ s: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(s.map { $0 == "\n" ? " " : $0 }))
    }
}

extension ArticleView {
    static let snippetLength = 160

    /// The alert evidence for a hit: field, span relative to that field, the
    /// matched text and a snippet.
    func evidence(_ hit: Hit) -> AlertRecord.Evidence {
        switch hit.location {
        case .text(let start, let end):
            let analysis = input.analysis
            let inTitle = end <= analysis.titleEnd
            let bounds = inTitle ? 0..<analysis.titleEnd : analysis.bodyStart..<scalars.count
            let base = bounds.lowerBound
            return AlertRecord.Evidence(
                clause: hit.clause, field: inTitle ? "title" : "text", span: [start - base, end - base],
                match: String(String.UnicodeScalarView(scalars[start..<end])),
                snippet: Snippet.around(scalars, start: start, end: end, limit: Self.snippetLength, within: bounds))
        case .metadata(let field, let value, let start, let end):
            let v = Array(value.unicodeScalars)
            return AlertRecord.Evidence(clause: hit.clause, field: field.rawValue, span: [start, end],
                                        match: String(String.UnicodeScalarView(v[start..<end])),
                                        snippet: Snippet.around(v, start: start, end: end, limit: Self.snippetLength, within: 0..<v.count))
        case .topic(let score, let evidence):
            return AlertRecord.Evidence(clause: hit.clause, field: "topic", span: [],
                                        snippet: String("score \(score): " + evidence.joined(separator: ", ")).prefix(Self.snippetLength).description)
        }
    }
}
