import Delivery
import Foundation
import Store
import WirewatchCore
import YAMLFiles
import Yams

/// The `store:` section: a path (`store: var/state.sqlite`) or a PostgreSQL URL (`store: postgres://…`),
/// or a mapping with either (`path:` or `url:`, with `password_file:`) and what the store keeps
/// (`store: { path: …, retention: { articles: 30d } }`).
extension ConfigLoader {
    static let defaultStorePath = "/var/lib/wirewatch/state.sqlite"
    static let retentionKeys = ["articles", "alerts", "seen"]
    /// Shorter retentions are typing mistakes (a bare number is seconds).
    static let shortestRetention: TimeInterval = 60

    /// Where the store is (a path, resolved, or a PostgreSQL URL), what it keeps, and where it is written.
    /// Whether a file store can be made there is judged here, said at the node that names it (`store: PATH`,
    /// or `path:` in a `store:` mapping; the key nearest where `store` belongs when the default is used); a URL is checked for
    /// its form, never connected to. A config that is not a mapping names no store, and its place is not judged.
    /// `home` is where libpq's TLS files are looked for (`~/.postgresql/`).
    static func parseStore(in top: Node.Mapping?, reader r: YAMLReader, resolve: (String) -> String, home: String?)
        -> (location: StoreLocation, retention: RetentionPolicy, at: SourcePosition?) {
        guard let top else { return (.file(defaultStorePath), RetentionPolicy(), nil) }
        let (written, retention) = storeSection(top["store"], reader: r, resolve: resolve, home: home)
        let node = top["store"].flatMap { $0.mapping == nil ? $0 : ($0.mapping?["path"] ?? $0.mapping?["url"]) }
            ?? top["store"] ?? nearestKey(to: "store", in: top)
        guard case .file(let path) = written else { return (written, retention, node?.mark.map(SourcePosition.init)) }
        let resolved = resolve(path)
        switch FilePlace.obstacle(resolved) {
        case .isDirectory:
            r.report(node, "'store': \(resolved) is a directory; 'store' names the state file in it, such as \(resolved)/state.sqlite")
        case .blocked(let blocked):
            r.report(node, "'store': the store cannot be created: \(blocked)")
        case nil:
            break
        }
        return (.file(resolved), retention, node?.mark.map(SourcePosition.init))
    }

    /// A scalar is a URL when it has a scheme (`postgres://…`); else a path.
    private static func isURL(_ written: String) -> Bool { written.contains("://") }

    private static func storeSection(_ node: Node?, reader r: YAMLReader, resolve: (String) -> String, home: String?)
        -> (location: StoreLocation, retention: RetentionPolicy) {
        var retention = RetentionPolicy()
        guard let node else { return (.file(defaultStorePath), retention) }
        if case .scalar(let s) = node {
            if isURL(s.string) {
                return (.postgres(postgres(s.string, at: node, password: nil, keyPassphrase: nil, passphraseUnread: false, home: home, reader: r)), retention)
            }
            return (.file(s.string.isEmpty ? defaultStorePath : s.string), retention)
        }
        guard node.mapping != nil else {
            r.report(node, "'store' must be a path or a postgres:// URL, or a mapping with 'path' or 'url' and 'retention'")
            return (.file(defaultStorePath), retention)
        }
        let m = r.mapping(node, what: "'store'", allowed: ["path", "url", "password_file", "sslpassword_file", "claim_lease", "feed_lease_margin", "heartbeat",
                                                               "time_limit", "retention", "prune_every"])
        var location = StoreLocation.file(r.string(m, "path", what: "'store'") ?? defaultStorePath)
        if let url = r.string(m, "url", what: "'store'") {
            if m?["path"] != nil { r.report(m?["url"], "'store' takes 'path' (an SQLite file) or 'url' (PostgreSQL), not both") }
            let password = m?["password_file"].flatMap { passwordFile($0, key: "password_file", reader: r, resolve: resolve) }
            let passphrase = m?["sslpassword_file"].flatMap { passwordFile($0, key: "sslpassword_file", reader: r, resolve: resolve) }
            var shared = postgres(url, at: m?["url"], password: password, keyPassphrase: passphrase,
                                  passphraseUnread: passphrase == nil && m?["sslpassword_file"] != nil, home: home, reader: r)
            if let v = duration(m, "claim_lease", what: "'store'", reader: r) { shared.claimLease = v }
            if let v = duration(m, "feed_lease_margin", what: "'store'", reader: r) { shared.feedLeaseMargin = v }
            if let v = duration(m, "heartbeat", what: "'store'", atLeast: (1, "1s"), reader: r) { shared.heartbeat = v }
            if let v = duration(m, "time_limit", what: "'store'", reader: r) { shared.timeLimit = v }
            location = .postgres(shared)
        } else {
            if let stray = m?["password_file"] {
                r.report(stray, "'password_file' in 'store' goes with 'url' (a PostgreSQL store); a file store has no password")
            }
            if let stray = m?["sslpassword_file"] {
                r.report(stray, "'sslpassword_file' in 'store' goes with 'url' (a PostgreSQL store): it is the passphrase of the client key in its sslkey")
            }
            if let stray = m?["feed_lease_margin"] {
                r.report(stray, "'feed_lease_margin' in 'store' goes with 'url' (a PostgreSQL store): only daemons sharing one take feed leases")
            }
            if let stray = m?["heartbeat"] {
                r.report(stray, "'heartbeat' in 'store' goes with 'url' (a PostgreSQL store): only daemons sharing one answer a roll call")
            }
            if let stray = m?["time_limit"] {
                r.report(stray, "'time_limit' in 'store' goes with 'url' (a PostgreSQL store): a file store has no server to wait for")
            }
            if let stray = m?["claim_lease"] {
                r.report(stray, "'claim_lease' in 'store' goes with 'url' (a PostgreSQL store): only daemons sharing one claim deliveries")
            }
        }
        if let v = duration(m, "prune_every", what: "'store'", atLeast: (shortestRetention, "1m"), reader: r) { retention.every = v }
        if let section = m?["retention"] {
            let k = r.mapping(section, what: "'retention' in 'store'", allowed: retentionKeys)
            if let v = age(k, "articles", reader: r) { retention.articles = v }
            if let v = age(k, "alerts", reader: r) { retention.alerts = v }
            if let v = age(k, "seen", reader: r) { retention.seen = v }
        }
        return (location, retention)
    }

    /// `passphraseUnread`: `sslpassword_file` was given and could not be read (said at its line), so the key is not judged.
    private static func postgres(_ url: String, at node: Node?, password: Secret?, keyPassphrase: Secret?, passphraseUnread: Bool,
                                 home: String?, reader r: YAMLReader) -> PostgresLocation {
        var location = PostgresLocation(url: url, password: password)
        location.keyPassphrase = keyPassphrase
        if keyPassphrase != nil, location.urlHasKeyPassphrase {
            r.report(node, "'store': the URL has sslpassword and 'sslpassword_file' gives another; keep the one in the file")
        } else if let problem = PostgresLocation.problem(location.urlWithKeyPassphrase, home: home, readingFiles: !passphraseUnread) {
            r.report(node, "'store': \(problem)")
        }
        if password != nil, location.urlHasPassword {
            r.report(node, "'store': the URL has a password and 'password_file' gives another; keep the one in the file")
        }
        return location
    }

    /// The secret in the file `key` (`password_file`, `sslpassword_file`) names, read now (as every credential
    /// file is): a daemon that cannot read it must not start.
    private static func passwordFile(_ node: Node, key: String, reader r: YAMLReader, resolve: (String) -> String) -> Secret? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            r.report(node, "'\(key)' in 'store' must be a path")
            return nil
        }
        do {
            return try SecretSource.nonEmptyCredentialFile(resolve(s.string), holding: key == "password_file" ? "password" : "passphrase")
        } catch {
            r.report(node, "'\(key)' in 'store': \(error)")
            return nil
        }
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
