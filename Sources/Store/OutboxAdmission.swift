import Foundation
import WirewatchCore

/// Decides, inside the commit's write transaction, what becomes of one
/// candidate alert: which story it belongs to, and whether the rule's throttle
/// lets it through. Running inside the transaction makes two feeds that carry
/// the same story at the same moment see each other's decision.
public protocol OutboxAdmission: Sendable {
    /// The alert to commit (with its final id and story), or nil to suppress it.
    func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert?
}

/// What the story registry remembers of the stories it has seen: the store's tables in the daemon,
/// or memory for `rules backtest`.
public protocol StoryMemory {
    /// Fingerprints seen since `since` that share at least one 16-bit band with `fingerprint`.
    func fingerprints(sharingABandWith fingerprint: UInt64, since: Date) throws -> [KnownFingerprint]
    /// Records that `fingerprint` belongs to `story` (or refreshes when it was last seen).
    func remember(fingerprint: UInt64, story: String, now: Date) throws
    /// Every remembered body fingerprint that shares at least one 16-bit band with `body`, however
    /// old: the registry judges boilerplate on all of them and joins only recent ones itself.
    func bodies(sharingABandWith body: UInt64) throws -> [KnownBody]
    /// Records that `feed` carried `body` in `story` under a title of words `title`
    /// (`StoryFingerprint.titleWords`), or refreshes when it last did.
    func remember(body: UInt64, feed: String, story: String, title: UInt64?, now: Date) throws
}

/// The store as seen from inside one commit's transaction.
public protocol OutboxLedger: StoryMemory {
    /// The last alert the rule raised for `key`.
    func throttleMemory(rule: String, key: String) throws -> ThrottleMemory?
    func rememberAlert(rule: String, key: String, alert: String, now: Date) throws
    func countSuppressed(rule: String, key: String) throws
    /// When the alert `id` entered the outbox, if it is still there.
    func alertRaised(_ id: String) throws -> Date?
}

extension OutboxLedger {
    public func alertRaised(_ id: String) throws -> Date? { nil }
}

/// What the admission needs beyond the record: the article's fingerprint and the rule's throttle.
public struct StoryClaim: Sendable, Hashable {
    public var fingerprint: UInt64
    /// The throttle key: "story", "article" or "rule" (the rule file's `throttle.per`).
    public var per: String
    /// Seconds; 0 means one alert per key for as long as the store remembers it.
    public var window: TimeInterval
    /// The story the article joined when it was first judged: an edit of it stays there, whatever
    /// its new fingerprint is near, so a rule that alerted on the story is throttled as before.
    public var joinedStory: String?
    /// The fingerprint of the body alone (nil under the analysis's floor): a re-headlined copy of a
    /// story the full fingerprint misses can join it through its body.
    public var bodyFingerprint: UInt64?
    /// The title's words (`StoryFingerprint.titleWords`): a body a feed carried under another headline is boilerplate.
    public var titleWords: UInt64?
    public init(fingerprint: UInt64, per: String, window: TimeInterval, joinedStory: String? = nil, bodyFingerprint: UInt64? = nil,
                titleWords: UInt64? = nil) {
        self.fingerprint = fingerprint; self.per = per; self.window = window; self.joinedStory = joinedStory
        self.bodyFingerprint = bodyFingerprint; self.titleWords = titleWords
    }
}

public struct KnownFingerprint: Sendable, Hashable {
    public var fingerprint: UInt64
    public var story: String
    public var lastSeen: Date
    public init(fingerprint: UInt64, story: String, lastSeen: Date) {
        self.fingerprint = fingerprint; self.story = story; self.lastSeen = lastSeen
    }
}

/// A body fingerprint as the registry remembers it: which feed carried it, in which story, under a title of
/// which words (nil when a store from before migration `story_body_title` remembered it).
public struct KnownBody: Sendable, Hashable {
    public var body: UInt64
    public var feed: String
    public var story: String
    public var lastSeen: Date
    public var title: UInt64?
    public init(body: UInt64, feed: String, story: String, lastSeen: Date, title: UInt64? = nil) {
        self.body = body; self.feed = feed; self.story = story; self.lastSeen = lastSeen; self.title = title
    }
}

public struct ThrottleMemory: Sendable, Hashable {
    /// The key of a rule throttled as a whole (`per: rule`). Its memory is one row per
    /// rule and is never pruned: without it the rule's next alert would take the id of
    /// its first, which the alert log and receivers already hold, and be dropped as a repeat.
    public static let wholeRuleKey = "*"
    public var alert: String
    public var raised: Date
    public init(alert: String, raised: Date) { self.alert = alert; self.raised = raised }
}

/// A delivery that will not be tried again until an operator queues it again.
public struct DeadLetter: Sendable, Hashable, Codable {
    public var alert: String
    public var sink: String
    public var rule: String
    public var title: String
    public var attempts: Int
    public var lastError: String?
    public var firstAttempt: Date?
    public var deadAt: Date?
    public init(alert: String, sink: String, rule: String, title: String, attempts: Int, lastError: String?,
                firstAttempt: Date?, deadAt: Date?) {
        self.alert = alert; self.sink = sink; self.rule = rule; self.title = title; self.attempts = attempts
        self.lastError = lastError; self.firstAttempt = firstAttempt; self.deadAt = deadAt
    }
}

/// The four 16-bit bands of a fingerprint, low band first: two fingerprints within 3 bits agree on
/// one of them (pigeonhole), so a story's candidates are found by band.
public enum FingerprintBands {
    public static func of(_ fingerprint: UInt64) -> [Int] {
        (0..<4).map { Int((fingerprint >> UInt64($0 * 16)) & 0xFFFF) }
    }
}
