import Foundation
import Rules
import Store
import WirewatchCore

/// Why a rule's match did not become an alert.
public enum Suppression: Sendable, Hashable, CustomStringConvertible {
    /// The rule has no window and already alerted on this key: one alert per key.
    case alreadyAlerted(alert: String)
    /// The rule alerted on this key less than its window ago.
    case throttled(alert: String, until: Date)

    public var name: String {
        switch self {
        case .alreadyAlerted: return "already-alerted"
        case .throttled: return "throttled"
        }
    }

    public var description: String {
        switch self {
        case .alreadyAlerted(let alert): return "\(name): alert \(alert) already covers it"
        case .throttled(let alert, let until):
            return "\(name): alert \(alert) covers it until \(ISO8601DateFormatter().string(from: until))"
        }
    }
}

public enum ThrottleVerdict: Sendable, Hashable {
    case raise(alertID: String)
    case suppress(Suppression)
}

/// "Per rule, at most one alert per key per window", as a pure decision of
/// (rule, key, window, what was raised before, now).
public enum AlertThrottle {
    /// The throttle key: the story, the article, or the rule itself.
    public static func key(per: Throttle.Key, story: String, article: String) -> String {
        switch per {
        case .story: return story
        case .article: return "article:" + article
        case .rule: return ThrottleMemory.wholeRuleKey
        }
    }

    /// The first alert for a key has the id `AlertRecord.id(rule:story:)` of the
    /// key, so a lost store and a replay still yield the same id; an alert in a
    /// later window adds the time it was raised.
    ///
    /// An edit's (`revision`) never takes the key's first id: retention may have forgotten the
    /// original's alert while the alert log and webhook receivers still hold it under that id,
    /// and would drop the edit's as a duplicate. Its id is derived from the key and the edit, so
    /// a replay still yields the same one.
    public static func decide(rule: String, key: String, window: TimeInterval, memory: ThrottleMemory?,
                              now: Date, revision: Int? = nil) -> ThrottleVerdict {
        guard let memory else {
            return .raise(alertID: AlertRecord.id(rule: rule, story: revision.map { "\(key)#edit\($0)" } ?? key))
        }
        guard window > 0 else { return .suppress(.alreadyAlerted(alert: memory.alert)) }
        let until = memory.raised.addingTimeInterval(window)
        if now < until { return .suppress(.throttled(alert: memory.alert, until: until)) }
        return .raise(alertID: AlertRecord.id(rule: rule, story: "\(key)@\(Int(now.timeIntervalSince1970))"))
    }
}
