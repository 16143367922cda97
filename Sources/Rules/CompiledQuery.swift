import Analysis
import WirewatchCore

/// A query with its words resolved to the ids of the shared `TermIndex`, so
/// that evaluating it compares integers, not strings.
indirect enum CompiledQuery: Sendable {
    case term(CompiledTerm)
    case metadata(TermClause)
    case entity(EntityClause)
    case topic(TopicClause)
    case and([CompiledQuery])
    case or([CompiledQuery])
    case not(CompiledQuery)
    case near(left: CompiledQuery, right: CompiledQuery, distance: Int, ordered: Bool, source: String)
    case sentence([CompiledQuery], source: String)
}

/// A word or phrase looked for in the article's token stream.
struct CompiledTerm: Sendable {
    struct Word: Sendable {
        /// Word id for `.exact` (of the folded form), prefix id for `.prefix`, -1 for `.any`.
        var id: Int32
        var kind: TermClause.Word.Kind
        /// As written, for case-sensitive clauses.
        var text: String
    }
    var words: [Word]
    /// The word whose occurrences are looked up; the others are checked around it.
    var anchor: Int
    var field: TextField
    var caseSensitive: Bool
    var source: String
}

extension CompiledQuery {
    /// Compiles `q`, registering its words with `terms`.
    init(_ q: Query, terms: inout TermIndex.Builder) {
        switch q {
        case .term(let t) where !t.field.isPositional:
            self = .metadata(t)
        case .term(let t):
            let words = t.words.map { w -> CompiledTerm.Word in
                switch w.kind {
                case .exact: return .init(id: terms.word(t.caseSensitive ? TextFolding.fold(w.text) : w.text), kind: .exact, text: w.text)
                case .prefix: return .init(id: terms.prefix(t.caseSensitive ? TextFolding.fold(w.text) : w.text), kind: .prefix, text: w.text)
                case .any: return .init(id: -1, kind: .any, text: "")
                }
            }
            self = .term(CompiledTerm(words: words, anchor: Self.anchorWord(t.words), field: t.field,
                                      caseSensitive: t.caseSensitive, source: t.source))
        case .entity(let e): self = .entity(e)
        case .topic(let t): self = .topic(t)
        case .and(let parts): self = .and(parts.map { CompiledQuery($0, terms: &terms) })
        case .or(let parts): self = .or(parts.map { CompiledQuery($0, terms: &terms) })
        case .not(let inner): self = .not(CompiledQuery(inner, terms: &terms))
        case .near(let n):
            self = .near(left: CompiledQuery(n.left, terms: &terms), right: CompiledQuery(n.right, terms: &terms),
                         distance: n.distance, ordered: n.ordered, source: n.source)
        case .sentence(let s): self = .sentence(s.operands.map { CompiledQuery($0, terms: &terms) }, source: s.source)
        }
    }

    /// The longest exact word (longer words are rarer), else the longest prefix.
    static func anchorWord(_ words: [TermClause.Word]) -> Int {
        func rank(_ w: TermClause.Word) -> Int {
            switch w.kind {
            case .exact: return 1000 + w.text.utf8.count
            case .prefix: return w.text.utf8.count
            case .any: return -1
            }
        }
        return words.indices.max { rank(words[$0]) < rank(words[$1]) } ?? 0
    }
}

extension CompiledQuery {
    /// The clause as the operator wrote it (compound clauses are rebuilt).
    var source: String {
        switch self {
        case .term(let t): return t.source
        case .metadata(let t): return t.source
        case .entity(let e): return e.source
        case .topic(let t): return t.source
        case .near(_, _, _, _, let source), .sentence(_, let source): return source
        case .not(let q): return "NOT " + q.grouped
        case .and(let parts): return parts.map(\.grouped).joined(separator: " AND ")
        case .or(let parts): return parts.map(\.grouped).joined(separator: " OR ")
        }
    }

    private var grouped: String {
        switch self {
        case .and, .or: return "(" + source + ")"
        default: return source
        }
    }
}
