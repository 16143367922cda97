import Foundation
import WirewatchCore

/// Which alerts `wirewatch tail` shows. Pure: a record in, yes or no out.
public struct AlertFilter: Sendable, Hashable {
    /// Rule ids; a trailing `*` matches a prefix. Empty shows every rule.
    public var rules: [String]
    /// At least this severity.
    public var minSeverity: Severity?
    /// Raised at or after this time.
    public var since: Date?
    /// Case-insensitive text in the title, a snippet, the rule, the feed or the URL.
    public var grep: String?

    public init(rules: [String] = [], minSeverity: Severity? = nil, since: Date? = nil, grep: String? = nil) {
        self.rules = rules; self.minSeverity = minSeverity; self.since = since; self.grep = grep
    }

    public func accepts(_ r: AlertRecord) -> Bool {
        if !rules.isEmpty, !rules.contains(where: { Self.matches(rule: r.rule, pattern: $0) }) { return false }
        if let minSeverity, r.severity < minSeverity { return false }
        if let since, r.time < since { return false }
        if let grep, !grep.isEmpty {
            let haystack = [r.article.title, r.rule, r.article.feed.rawValue, r.article.url ?? ""] + r.why.map(\.snippet)
            guard haystack.contains(where: { $0.range(of: grep, options: [.caseInsensitive, .diacriticInsensitive]) != nil }) else {
                return false
            }
        }
        return true
    }

    /// A `--rule` pattern: an id, or a prefix with a trailing `*`.
    public static func matches(rule: String, pattern: String) -> Bool {
        pattern.hasSuffix("*") ? rule.hasPrefix(pattern.dropLast()) : rule == pattern
    }
}
