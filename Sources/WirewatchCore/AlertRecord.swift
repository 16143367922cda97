import Foundation

/// One line of the alert log (schema documented in docs/alert-record.md).
/// Field order in the JSON is alphabetical, so the same alert always
/// serialises to the same bytes.
public struct AlertRecord: Sendable, Hashable, Codable {
    public static let schemaVersion = 1

    public struct ArticleRef: Sendable, Hashable, Codable {
        public var id: String
        public var url: String?
        public var title: String
        public var feed: FeedID
        public var published: Date?
        public var lang: String?
        public init(id: String, url: String?, title: String, feed: FeedID, published: Date?, lang: String?) {
            self.id = id; self.url = url; self.title = title; self.feed = feed
            self.published = published; self.lang = lang
        }
    }

    /// One clause that held, and where.
    public struct Evidence: Sendable, Hashable, Codable {
        public var clause: String
        public var field: String
        /// Character offsets [start, end) in the field's clean text, in Unicode scalars.
        public var span: [Int]
        /// The matched text itself (empty for topic clauses).
        public var match: String
        /// At most 160 characters around the match.
        public var snippet: String
        public init(clause: String, field: String, span: [Int], match: String = "", snippet: String) {
            self.clause = clause; self.field = field; self.span = span; self.match = match; self.snippet = snippet
        }
    }

    public struct EntityCount: Sendable, Hashable, Codable {
        public var name: String
        public var type: EntityType
        public var mentions: Int
        public init(name: String, type: EntityType, mentions: Int) {
            self.name = name; self.type = type; self.mentions = mentions
        }
    }

    public struct TopicScore: Sendable, Hashable, Codable {
        public var id: String
        public var score: Double
        public init(id: String, score: Double) { self.id = id; self.score = score }
    }

    public var v: Int
    public var id: String
    public var time: Date
    public var rule: String
    public var severity: Severity
    public var article: ArticleRef
    public var story: String
    public var why: [Evidence]
    /// The most pieces of evidence an alert carries (`why`).
    public static let evidenceLimit = 20
    public var entities: [EntityCount]
    public var topics: [TopicScore]
    /// Set when the alert was raised by an edit of an entry judged before (same identity in its feed,
    /// new content): which edit, 1 for the first. Absent for an entry's first judgement.
    public var revision: Int?

    public init(id: String, time: Date, rule: String, severity: Severity, article: ArticleRef,
                story: String, why: [Evidence], entities: [EntityCount], topics: [TopicScore]) {
        self.v = Self.schemaVersion
        self.id = id; self.time = time; self.rule = rule; self.severity = severity
        self.article = article; self.story = story; self.why = why
        self.entities = entities; self.topics = topics
    }

    /// The alert id is a function of (rule, story) only: a restart, a redelivery
    /// or the same story in a second feed never yields a second alert.
    public static func id(rule: String, story: String) -> String {
        StableHash.crockford128(rule, story)
    }

    /// The record as one line of JSON, without the trailing newline.
    public func jsonLine() throws -> Data { try Self.encoder.encode(self) }

    public static func decode(line: Data) throws -> AlertRecord { try decoder.decode(AlertRecord.self, from: line) }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
