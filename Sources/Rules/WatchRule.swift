import WirewatchCore

/// One rule an operator wrote: what to look for and where to send what it finds.
public struct WatchRule: Sendable, Hashable {
    public var id: String
    public var description: String?
    public var query: Query
    /// The query as written, for `rules test` and the docs.
    public var querySource: String
    public var severity: Severity
    /// Sink ids; empty means every configured sink.
    public var sinks: [String]
    public var throttle: Throttle
    public var enabled: Bool
    /// Where the rule was defined, for messages.
    public var file: String
    public var line: Int

    public init(id: String, description: String? = nil, query: Query, querySource: String, severity: Severity = .medium,
                sinks: [String] = [], throttle: Throttle = .init(), enabled: Bool = true, file: String = "", line: Int = 0) {
        self.id = id
        self.description = description
        self.query = query
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
    public var rule: WatchRule
    public var evidence: [AlertRecord.Evidence]
}
