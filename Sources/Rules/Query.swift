import WirewatchCore

/// A compiled watch-rule query. `source` is the clause as the operator wrote
/// it: it is what an alert's `why` shows.
public indirect enum Query: Sendable, Hashable {
    case term(TermClause)
    case entity(EntityClause)
    case topic(TopicClause)
    case and([Query])
    case or([Query])
    case not(Query)
    /// `a NEAR/n b`, `a ONEAR/n b`: both operands within `n` words.
    case near(NearClause)
    /// `SENTENCE(a, b, …)`: every operand in one sentence.
    case sentence(SentenceClause)
}

/// Where a term is looked for.
public enum TextField: String, Sendable, Hashable, CaseIterable {
    case any, title, text, url, author, category, source, lang

    /// Fields whose words are the article's token stream (and have positions).
    public var isPositional: Bool { self == .any || self == .title || self == .text }
}

/// Words or a phrase; a word ending in `*` matches by prefix, a lone `*`
/// inside a phrase matches any one word.
public struct TermClause: Sendable, Hashable {
    public struct Word: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case exact, prefix, any }
        /// Folded (or as written, for a case-sensitive clause); empty for `.any`.
        public var text: String
        public var kind: Kind
        /// Written with no space or mark between it and the word before, both Han, kana or Hangul characters
        /// (深度求索's 度, 求 and 索): the text must write the two side by side too, not across "，" or "。".
        public var joinedToPrevious: Bool
        public var prefix: Bool { kind == .prefix }
        public init(text: String, kind: Kind, joinedToPrevious: Bool = false) {
            self.text = text; self.kind = kind; self.joinedToPrevious = joinedToPrevious
        }
        public init(text: String, prefix: Bool) { self.init(text: text, kind: prefix ? .prefix : .exact) }
    }
    public var words: [Word]
    public var field: TextField
    public var caseSensitive: Bool
    public var source: String
}

public struct EntityClause: Sendable, Hashable {
    /// A canonical name, or nil when the clause names a type only (`entity:ORG`).
    public var canonical: String?
    public var type: EntityType?
    public var source: String
}

public struct TopicClause: Sendable, Hashable {
    public var id: String
    /// The score the article's topic must reach: as written (`topic:x>0.5`),
    /// else `defaultMinScore`. A score of 0 never holds.
    public var minScore: Double
    public var source: String
    /// Whether the query wrote a threshold.
    public var thresholdWritten: Bool = true

    /// What a bare `topic:x` asks: the score at which the analysis core's
    /// labelled set is measured as "an editor would mark this topic"
    /// (docs/analysis.md). One passing mention of a topic word in a long
    /// article scores 0.28 and is not enough; two distinct terms (0.49),
    /// one term twice (0.36) or in the title (0.49), or one strong
    /// term are. `topic:x>0` asks for any mention.
    public static let defaultMinScore = 0.35
}

public struct NearClause: Sendable, Hashable {
    public var left: Query
    public var right: Query
    /// At most this many other words between the two operands.
    public var distance: Int
    /// `ONEAR`: the left operand comes first.
    public var ordered: Bool
    public var source: String
}

public struct SentenceClause: Sendable, Hashable {
    public var operands: [Query]
    public var source: String
}

extension Query {
    /// The query with each exclusion of an exclusion, `NOT (NOT x)`, read as what it is: `x` (docs/rules.md takes
    /// it as written; it was refused as "only excludes").
    var withoutDoubleExclusions: Query {
        switch self {
        case .not(.not(let inner)): return inner.withoutDoubleExclusions
        case .not(let inner): return .not(inner.withoutDoubleExclusions)
        case .and(let parts): return .and(parts.map(\.withoutDoubleExclusions))
        case .or(let parts): return .or(parts.map(\.withoutDoubleExclusions))
        case .term, .entity, .topic, .near, .sentence: return self
        }
    }

    /// Whether any clause, somewhere, is not excluded.
    var containsPositiveClause: Bool {
        switch self {
        case .term, .entity, .topic, .near, .sentence: return true
        case .not: return false
        case .and(let parts), .or(let parts): return parts.contains { $0.containsPositiveClause }
        }
    }

    /// A side of an OR that only excludes (`OpenAI OR NOT weather`), as written, if any.
    var exclusionOnlyAlternative: Query? {
        switch self {
        case .or(let parts): return parts.first { !$0.hasPositiveClause } ?? parts.lazy.compactMap(\.exclusionOnlyAlternative).first
        case .and(let parts): return parts.lazy.compactMap(\.exclusionOnlyAlternative).first
        default: return nil
        }
    }

    /// False when every path through the query is an exclusion.
    var hasPositiveClause: Bool {
        switch self {
        case .term, .entity, .topic, .near, .sentence: return true
        case .not: return false
        case .and(let parts): return parts.contains { $0.hasPositiveClause }
        case .or(let parts): return parts.allSatisfy { $0.hasPositiveClause }
        }
    }

    /// True for clauses that have word positions in the article, which NEAR
    /// and SENTENCE need: text terms, entities, and OR/NEAR/SENTENCE of them.
    var isPositional: Bool {
        switch self {
        case .term(let t): return t.field.isPositional
        case .entity, .near, .sentence: return true
        case .or(let parts): return parts.allSatisfy(\.isPositional)
        case .topic, .and, .not: return false
        }
    }

    /// The parts of the article a positional clause can hold in. NEAR and SENTENCE count words within the title
    /// or within the text, never across the title's end, so `title:a NEAR/5 text:b` can never hold.
    var parts: ArticleParts {
        switch self {
        case .term(let t): return t.field == .title ? .title : t.field == .text ? .text : [.title, .text]
        case .entity: return [.title, .text]
        case .or(let ps): return ps.reduce([]) { $0.union($1.parts) }
        case .near(let n): return n.left.parts.intersection(n.right.parts)
        case .sentence(let s): return s.operands.reduce([.title, .text]) { $0.intersection($1.parts) }
        case .topic, .and, .not: return []
        }
    }

    /// Whether this is one `entity:NAME` whose name names several entities
    /// ("Beijing": the city and China), which the parser writes as an or of
    /// one entity clause per entity, each with the name as written.
    var isOneEntityName: Bool {
        guard case .or(let parts) = self, parts.count > 1, case .entity(let first) = parts[0] else { return false }
        return parts.allSatisfy { if case .entity(let e) = $0 { e.source == first.source } else { false } }
    }

    /// The query written back in the query language, for explanations.
    public var source: String {
        if isOneEntityName, case .or(let parts) = self { return parts[0].source }
        switch self {
        case .term(let t): return t.source
        case .entity(let e): return e.source
        case .topic(let t): return t.source
        case .near(let n): return n.source
        case .sentence(let s): return s.source
        case .not(let q): return "NOT " + q.grouped
        case .and(let parts): return parts.map(\.grouped).joined(separator: " AND ")
        case .or(let parts): return parts.map(\.grouped).joined(separator: " OR ")
        }
    }

    private var grouped: String {
        switch self {
        case .and, .or: return isOneEntityName ? source : "(" + source + ")"
        default: return source
        }
    }
}

/// The title and the text: where NEAR and SENTENCE find their words, one part at a time.
struct ArticleParts: OptionSet {
    let rawValue: UInt8
    static let title = ArticleParts(rawValue: 1)
    static let text = ArticleParts(rawValue: 2)

    /// "only in the title", "only in the text", or nil for either.
    var only: String? { self == .title ? "only in the title" : self == .text ? "only in the text" : nil }
}
