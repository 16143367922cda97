import WirewatchCore

/// One rule an operator wrote: what to look for and where to send what it finds.
/// Its query is kept as written only: the compiled rule book holds what
/// matching and explaining need, and a parsed query tree beside it would
/// cost about 500 bytes a rule for as long as the daemon runs.
public struct WatchRule: Sendable, Hashable {
    public var id: String
    public var description: String?
    /// The query as written, for `rules test` and the docs.
    public var querySource: String
    public var severity: Severity
    /// Beside `severity`, so that the two share one word of padding (a rule
    /// book holds 100,000 of these).
    public var enabled: Bool
    /// Sink ids; empty means every configured sink.
    public var sinks: [String]
    public var throttle: Throttle
    /// Where the rule was defined, for messages.
    public var file: String
    public var line: Int

    public init(id: String, description: String? = nil, querySource: String, severity: Severity = .medium,
                sinks: [String] = [], throttle: Throttle = .init(), enabled: Bool = true, file: String = "", line: Int = 0) {
        self.id = id
        self.description = description
        self.querySource = querySource
        self.severity = severity
        self.sinks = sinks
        self.throttle = throttle
        self.enabled = enabled
        self.file = file
        self.line = line
    }
}

/// At most one alert per `per` key within `window` seconds.
public struct Throttle: Sendable, Hashable {
    public enum Key: String, Sendable, Hashable, CaseIterable {
        /// One alert per story (fingerprint), across feeds.
        case story
        /// One alert per article.
        case article
        /// One alert per rule, whatever the story.
        case rule
    }
    public var per: Key
    public var window: Double
    public init(per: Key = .story, window: Double = 0) { self.per = per; self.window = window }
}

/// A rule that held on an article, with its why.
public struct RuleMatch: Sendable, Hashable {
    /// The rule book's rules and this one's position: making a match costs
    /// one reference count on an array every match shares, and reads none of
    /// the rule's memory (at 100,000 rules, cache misses are the cost).
    private let rules: [WatchRule]
    private let position: Int
    public var rule: WatchRule { rules[position] }
    public var evidence: [AlertRecord.Evidence]

    public init(rule: WatchRule, evidence: [AlertRecord.Evidence]) {
        self.init([rule], 0, evidence: evidence)
    }

    init(_ rules: [WatchRule], _ position: Int, evidence: [AlertRecord.Evidence]) {
        self.rules = rules
        self.position = position
        self.evidence = evidence
    }

    public static func == (a: RuleMatch, b: RuleMatch) -> Bool { a.rule == b.rule && a.evidence == b.evidence }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(evidence)
    }
}
