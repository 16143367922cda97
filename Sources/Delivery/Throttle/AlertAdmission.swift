import Foundation
import Rules
import Store
import WirewatchCore

/// The outbox's admission: settles each candidate's story through the story
/// registry, then asks the throttle whether it becomes an alert.
public struct AlertAdmission: OutboxAdmission {
    public var stories: StoryRegistry

    public init(stories: StoryRegistry = StoryRegistry()) { self.stories = stories }

    public func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert? {
        guard let claim = candidate.claim else { return candidate }
        let story = try stories.resolve(claim.fingerprint, body: claim.bodyFingerprint, title: claim.titleWords,
                                        feed: candidate.record.article.feed.rawValue, joined: claim.joinedStory,
                                        article: candidate.record.article.id, in: ledger, now: now)
        let rule = candidate.record.rule
        let key = AlertThrottle.key(per: Throttle.Key(rawValue: claim.per) ?? .story, story: story,
                                    article: candidate.record.article.id)
        switch AlertThrottle.decide(rule: rule, key: key, window: claim.window,
                                    memory: try memory(rule: rule, key: key, ledger: ledger), now: now,
                                    revision: candidate.record.revision) {
        case .raise(let id):
            try ledger.rememberAlert(rule: rule, key: key, alert: id, now: now)
            var alert = candidate
            alert.record.id = id
            alert.record.story = story
            return alert
        case .suppress:
            try ledger.countSuppressed(rule: rule, key: key)
            return nil
        }
    }

    /// The throttle's memory of (rule, key); when retention has let it go but the key's first
    /// alert is still in the outbox (pending, dead, or kept longer), that alert stands in for it,
    /// so the next alert is throttled as before and never reuses the first one's id.
    private func memory(rule: String, key: String, ledger: any OutboxLedger) throws -> ThrottleMemory? {
        if let memory = try ledger.throttleMemory(rule: rule, key: key) { return memory }
        let first = AlertRecord.id(rule: rule, story: key)
        return try ledger.alertRaised(first).map { ThrottleMemory(alert: first, raised: $0) }
    }
}
