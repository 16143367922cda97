import Analysis
import WirewatchCore

/// Evaluates a query on one article and says why it held: the clauses that
/// matched and where.
struct QueryEvaluator {
    let input: MatchInput
    private var analysis: ArticleAnalysis { input.analysis }
    static let snippetLength = 160

    init(_ input: MatchInput) { self.input = input }

    /// nil when the query does not hold; otherwise the evidence (possibly empty for pure metadata clauses).
    func evaluate(_ q: Query) -> [AlertRecord.Evidence]? {
        switch q {
        case .and(let parts):
            var all: [AlertRecord.Evidence] = []
            for p in parts {
                guard let e = evaluate(p) else { return nil }
                all += e
            }
            return all
        case .or(let parts):
            var any: [AlertRecord.Evidence]?
            for p in parts { if let e = evaluate(p) { any = (any ?? []) + e } }
            return any
        case .not(let inner):
            return evaluate(inner) == nil ? [] : nil
        case .term(let t):
            return term(t)
        case .entity(let e):
            let hits = analysis.entities.filter { h in
                (e.canonical.map { $0 == h.canonical } ?? true) && (e.type.map { $0 == h.type } ?? true)
            }
            let mentions = hits.flatMap(\.mentions)
            guard !mentions.isEmpty else { return nil }
            return mentions.map { evidence(clause: e.source, start: $0.start, end: $0.end) }
        case .topic(let t):
            guard let hit = analysis.topics.first(where: { $0.id == t.id }), hit.score >= t.minScore, hit.score > 0 else { return nil }
            return [AlertRecord.Evidence(clause: t.source, field: "topic", span: [], snippet: "score \(hit.score): " + hit.evidence.joined(separator: ", "))]
        }
    }

    private func term(_ t: TermClause) -> [AlertRecord.Evidence]? {
        switch t.field {
        case .any, .title, .text:
            let tokens = analysis.tokens
            let range: Range<Int>
            switch t.field {
            case .title: range = 0..<(tokens.firstIndex { $0.start >= analysis.titleEnd } ?? tokens.count)
            case .text: range = (tokens.firstIndex { $0.start >= analysis.bodyStart } ?? tokens.count)..<tokens.count
            default: range = 0..<tokens.count
            }
            var out: [AlertRecord.Evidence] = []
            var i = range.lowerBound
            while i + t.words.count <= range.upperBound {
                if phrase(t, at: i, in: tokens) {
                    out.append(evidence(clause: t.source, start: tokens[i].start, end: tokens[i + t.words.count - 1].end))
                    i += t.words.count
                } else {
                    i += 1
                }
            }
            return out.isEmpty ? nil : out
        case .url, .author, .category, .source, .lang:
            let values: [String]
            switch t.field {
            case .url: values = input.url.map { [$0] } ?? []
            case .author: values = input.authors
            case .category: values = input.categories
            case .source: values = [input.feed.rawValue] + (input.host.map { [$0] } ?? [])
            default: values = analysis.language.map { [$0] } ?? []
            }
            for v in values {
                let tokens = Tokenizer.tokenize(v).tokens
                var i = 0
                while i + t.words.count <= tokens.count {
                    if phrase(t, at: i, in: tokens) {
                        return [AlertRecord.Evidence(clause: t.source, field: t.field.rawValue, span: [tokens[i].start, tokens[i + t.words.count - 1].end], match: v, snippet: v)]
                    }
                    i += 1
                }
            }
            return nil
        }
    }

    private func phrase(_ t: TermClause, at i: Int, in tokens: [Token]) -> Bool {
        for (k, w) in t.words.enumerated() {
            let tok = tokens[i + k]
            let s = t.caseSensitive ? tok.text : tok.folded
            if w.prefix ? !s.hasPrefix(w.text) : s != w.text { return false }
        }
        return true
    }

    /// Evidence for the text span [start, end) of the analysed text, reported
    /// relative to the field (title or text) it falls in.
    private func evidence(clause: String, start: Int, end: Int) -> AlertRecord.Evidence {
        let inTitle = end <= analysis.titleEnd
        let base = inTitle ? 0 : analysis.bodyStart
        let scalars = analysis.text.unicodeScalars
        let match = String(scalars[scalars.index(scalars.startIndex, offsetBy: start)..<scalars.index(scalars.startIndex, offsetBy: end)])
        return AlertRecord.Evidence(clause: clause, field: inTitle ? "title" : "text", span: [start - base, end - base], match: match,
                                    snippet: Snippet.around(analysis.text, start: start, end: end, limit: Self.snippetLength,
                                                            within: inTitle ? 0..<analysis.titleEnd : analysis.bodyStart..<analysis.text.unicodeScalars.count))
    }
}

/// A window of at most `limit` characters around a span, cut at word boundaries.
enum Snippet {
    static func around(_ text: String, start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let all = Array(text.unicodeScalars)
        let scalars = Array(all[bounds])
        let start = start - bounds.lowerBound, end = end - bounds.lowerBound
        let matchLength = end - start
        let room = max(0, limit - matchLength - 2)
        var a = max(0, start - room / 2)
        var b = min(scalars.count, end + (room - (start - a)))
        a = max(0, min(a, b - limit + 2))
        // Widen no further than the limit; trim partial words at both ends.
        if a > 0 { while a < start, !scalars[a - 1].properties.isWhitespace { a += 1 } }
        if b < scalars.count { while b > end, !scalars[b].properties.isWhitespace { b -= 1 } }
        var s = String(String.UnicodeScalarView(scalars[a..<b])).replacingNewlines()
        if a > 0 { s = "…" + s }
        if b < scalars.count { s += "…" }
        return s
    }
}

extension String {
    func replacingNewlines() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }
}
