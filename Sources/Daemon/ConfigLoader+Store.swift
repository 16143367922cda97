import Foundation
import Store
import WirewatchCore
import YAMLFiles
import Yams

/// The `store:` section: a path (`store: var/state.sqlite`), or a mapping with the
/// path and what the store keeps (`store: { path: …, retention: { articles: 30d } }`).
extension ConfigLoader {
    static let defaultStorePath = "/var/lib/wirewatch/state.sqlite"
    static let retentionKeys = ["articles", "alerts", "seen"]
    /// Shorter retentions are typing mistakes (a bare number is seconds).
    static let shortestRetention: TimeInterval = 60

    static func parseStore(_ node: Node?, reader r: YAMLReader) -> (path: String, retention: RetentionPolicy) {
        var retention = RetentionPolicy()
        guard let node else { return (defaultStorePath, retention) }
        if case .scalar(let s) = node { return (s.string.isEmpty ? defaultStorePath : s.string, retention) }
        guard node.mapping != nil else {
            r.report(node, "'store' must be a path, or a mapping with 'path' and 'retention'")
            return (defaultStorePath, retention)
        }
        let m = r.mapping(node, what: "'store'", allowed: ["path", "retention", "prune_every"])
        let path = r.string(m, "path", what: "'store'") ?? defaultStorePath
        if let v = duration(m, "prune_every", what: "'store'", atLeast: (shortestRetention, "1m"), reader: r) { retention.every = v }
        if let section = m?["retention"] {
            let k = r.mapping(section, what: "'retention' in 'store'", allowed: retentionKeys)
            if let v = age(k, "articles", reader: r) { retention.articles = v }
            if let v = age(k, "alerts", reader: r) { retention.alerts = v }
            if let v = age(k, "seen", reader: r) { retention.seen = v }
        }
        return (path, retention)
    }

    /// A duration, or `forever` (nil inside: keep).
    private static func age(_ m: Node.Mapping?, _ key: String, reader r: YAMLReader) -> TimeInterval?? {
        guard let node = m?[key], let raw = r.string(m, key, what: "'retention'") else { return nil }
        if raw.trimmingCharacters(in: .whitespaces).lowercased() == "forever" { return .some(nil) }
        guard let seconds = YAMLReader.parseDuration(raw), seconds >= shortestRetention else {
            r.report(node, "'\(key)' in 'retention' must be a duration of at least 1m, such as 30d, or 'forever' (got '\(raw)')")
            return nil
        }
        return seconds
    }
}
