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

    /// The store's path (resolved), what it keeps, and where the path is written. Whether the store can
    /// be made there is judged here, said at the node that names it (`store: PATH`, or `path:` in a
    /// `store:` mapping; the config's start when the default is used). A config that is not a mapping
    /// names no store, and its place is not judged.
    static func parseStore(in top: Node.Mapping?, reader r: YAMLReader, resolve: (String) -> String)
        -> (path: String, retention: RetentionPolicy, at: SourcePosition?) {
        guard let top else { return (defaultStorePath, RetentionPolicy(), nil) }
        let (written, retention) = storeSection(top["store"], reader: r)
        let path = resolve(written)
        let node = top["store"].flatMap { $0.mapping == nil ? $0 : $0.mapping?["path"] }
        switch FilePlace.obstacle(path) {
        case .isDirectory:
            r.report(node, "'store': \(path) is a directory; 'store' names the state file in it, such as \(path)/state.sqlite")
        case .blocked(let blocked):
            r.report(node, "'store': the store cannot be created: \(blocked)")
        case nil:
            break
        }
        return (path, retention, node?.mark.map(SourcePosition.init))
    }

    private static func storeSection(_ node: Node?, reader r: YAMLReader) -> (path: String, retention: RetentionPolicy) {
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
