/// The analysis as a person reads it in a terminal (`wirewatch analyze`).
public enum ArticleReport {
    public static func text(_ a: ArticleAnalysis) -> String {
        var lines: [String] = []
        let title = String(String.UnicodeScalarView(Array(a.text.unicodeScalars)[0..<a.titleEnd]))
        if !title.isEmpty { lines.append("title:       \(title)") }
        lines.append("language:    \(a.language ?? "unknown")")
        // No words, no fingerprint: the daemon names such an article's story by its feed and entry (trial6 finding 7).
        lines.append("story:       \(a.fingerprint == 0 ? "none (no words to fingerprint; the daemon makes each such article a story of its own)" : a.story)")
        lines.append("size:        \(a.tokens.count) words, \(a.sentences.count) sentences\(a.repairedMojibake ? ", mojibake repaired" : "")")
        lines.append("")
        lines.append("entities:")
        for type in ["PERSON", "ORG", "LOC", "MISC"] {
            for e in a.entities where e.type.rawValue == type {
                let forms = Array(Set(e.mentions.map(\.text)).filter { $0 != e.canonical }).sorted()
                let also = forms.isEmpty ? "" : "  (also: \(forms.map { "\"\($0)\"" }.joined(separator: ", ")))"
                lines.append("  \(type.padding(6))  \(e.canonical)  ×\(e.mentions.count)\(also)")
            }
        }
        lines.append("")
        lines.append("topics:")
        for t in a.topics where t.score >= 0.1 {
            lines.append("  \(t.id.padding(22))  \(String(format: "%.2f", t.score))  \(t.evidence.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
