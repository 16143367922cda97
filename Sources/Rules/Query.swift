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
}

/// Where a term is looked for.
public enum TextField: String, Sendable, Hashable, CaseIterable {
    case any, title, text, url, author, category, source, lang
}

/// Words or a phrase; a word ending in `*` matches by prefix.
public struct TermClause: Sendable, Hashable {
    public struct Word: Sendable, Hashable {
        public var text: String
        public var prefix: Bool
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
    public var minScore: Double
    public var source: String
}
