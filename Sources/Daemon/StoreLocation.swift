import Foundation
import Delivery
import PostgresStore
import WirewatchCore

/// Where the daemon keeps its state (`store:` in the config): an SQLite file only it uses, or a
/// PostgreSQL database several daemons share.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case postgres(PostgresLocation)

    public var filePath: String? {
        if case .file(let path) = self { return path }
        return nil
    }

    /// How long past the poll's timeout a feed's lease lasts, on a shared store.
    var feedLeaseMargin: TimeInterval {
        if case .postgres(let shared) = self, let margin = shared.feedLeaseMargin { return margin }
        return PipelineHealth.analysisAllowance
    }

    /// How often a daemon answers the roll call of those sharing the store (`store.heartbeat`); it counts
    /// another as live while it has heard from it within three of them.
    var heartbeat: TimeInterval {
        if case .postgres(let shared) = self, let heartbeat = shared.heartbeat { return heartbeat }
        return PostgresLocation.defaultHeartbeat
    }

    /// The path, or the URL without its password: for messages and logs.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL database, by URL (`postgres://user@host:port/database`, or a Unix socket directory
/// as `?host=/run/postgresql`; TLS as `?sslmode=verify-full&sslrootcert=/etc/…`, see `PostgresURLOptions`).
/// Its description never carries the password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public static let schemes = ["postgres", "postgresql"]

    /// The URL as written in the config.
    public var url: String
    /// Read from `password_file` at load.
    public var password: Secret?
    /// The client key's passphrase, read from `sslpassword_file` at load (libpq's `sslpassword`, which
    /// the URL may carry instead).
    public var keyPassphrase: Secret?
    /// How long a daemon's claim on the deliveries it took lasts (`store.claim_lease`); nil: the store's default.
    /// A daemon that dies holding claims lets the others deliver them after this.
    public var claimLease: TimeInterval?
    /// How long past the poll's timeout a feed's lease lasts (`store.feed_lease_margin`); nil: as long as the
    /// watchdog lets a healthy poll take after its fetch (`PipelineHealth.analysisAllowance`).
    public var feedLeaseMargin: TimeInterval?
    /// How often the daemon says it is alive to the others (`store.heartbeat`); nil: `defaultHeartbeat`.
    public var heartbeat: TimeInterval?
    public static let defaultHeartbeat: TimeInterval = 10
    /// How long a call waits for the server, a new connection or a free pooled one (`store.time_limit`);
    /// nil: the store's default (`PostgresStore.timeLimit`).
    public var timeLimit: TimeInterval?

    public init(url: String, password: Secret? = nil, claimLease: TimeInterval? = nil) {
        self.url = url
        self.password = password
        self.claimLease = claimLease
    }

    /// Why `url` names no PostgreSQL database, said without the URL (it may carry a password); nil when it does.
    /// `home` is where libpq's TLS files are looked for (`~/.postgresql/`): the home of the user running wirewatch.
    /// Without `readingFiles` the TLS files are not read (the key's passphrase could not be, and is said on its own).
    public static func problem(_ url: String, home: String? = LibpqHomeFiles.currentUserHome(), readingFiles: Bool = true) -> String? {
        guard let parts = PostgresURL.readable(url), let scheme = parts.scheme else {
            return "the PostgreSQL URL cannot be read; characters such as @, : or / in the user or password must be percent-encoded (%40, %3A, %2F)"
        }
        guard schemes.contains(scheme.lowercased()) else {
            return "a store URL starts with postgres:// or postgresql:// (got '\(scheme)://'); a file store is a path"
        }
        let options: PostgresURLOptions
        switch PostgresURLOptions.read(parts.queryItems ?? [], home: home) {
        case .failure(let problem): return problem.description
        case .success(let read): options = read
        }
        guard !(parts.host ?? "").isEmpty || options.socketDirectory != nil else {
            return "the PostgreSQL URL names no server: give its host, as in postgres://wirewatch@db.example/wirewatch, or a Unix socket directory, as in postgres:///wirewatch?host=/run/postgresql"
        }
        let database = parts.path.drop { $0 == "/" }
        guard !database.isEmpty, !database.contains("/") else {
            return "the PostgreSQL URL names no database: give it as the path, as in postgres://wirewatch@db.example/wirewatch"
        }
        // Checked over a Unix socket too, where TLS does not apply: the same URL may be used over TCP tomorrow.
        return readingFiles ? options.tls.filesProblem() : nil
    }

    /// libpq's files in the home directory this URL's TLS takes (no sslrootcert, sslcert or sslkey given):
    /// they differ by user, so `check` names them.
    public func libpqHomeFiles(home: String? = LibpqHomeFiles.currentUserHome()) -> [String] {
        guard let parts = PostgresURL.readable(url), case .success(let options) = PostgresURLOptions.read(parts.queryItems ?? [], home: home)
        else { return [] }
        return options.tls.homeFiles
    }

    /// Whether the URL carries a client key's passphrase of its own (`sslpassword=`).
    public var urlHasKeyPassphrase: Bool {
        URLComponents(string: url)?.queryItems?.contains { $0.name == "sslpassword" } == true
    }

    /// The URL with the passphrase from `sslpassword_file` in its query (as `sslpassword=`), for the one
    /// reader of the options (`PostgresURLOptions`) to find it, at check and at connect alike.
    public var urlWithKeyPassphrase: String {
        guard let passphrase = keyPassphrase?.value, !urlHasKeyPassphrase, var parts = URLComponents(string: url) else { return url }
        let encoded = passphrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        parts.percentEncodedQuery = (parts.percentEncodedQuery.map { $0 + "&" } ?? "") + "sslpassword=" + encoded
        return parts.string ?? url
    }

    /// Whether the URL carries a password of its own.
    public var urlHasPassword: Bool {
        let parts = URLComponents(string: url)
        return parts?.password != nil || parts?.queryItems?.contains { $0.name == "password" } == true
    }

    /// The URL to connect with: the password from `password_file`, else from `PGPASSWORD`, unless the URL has one.
    /// The passphrase from `sslpassword_file`, if any, goes in as `sslpassword=`.
    public func connectionURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let url = urlWithKeyPassphrase
        guard !urlHasPassword, var parts = URLComponents(string: url),
              let secret = password?.value ?? environment["PGPASSWORD"].flatMap({ $0.isEmpty ? nil : $0 }) else { return url }
        if parts.user == nil { parts.user = NSUserName() }
        parts.percentEncodedPassword = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        return parts.string ?? url
    }

    /// The URL with its password and key passphrase as `[redacted]`.
    public var description: String { PostgresURL.withoutPassword(url) }

    /// `text` (an error from the driver, say) with every spelling of the password and the key's passphrase
    /// replaced by `[redacted]`: `environment` is the one `connectionURL` took the password from.
    public func redacting(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var secrets: [String] = []
        if let parts = URLComponents(string: url) {
            if let p = parts.password { secrets.append(p) }
            if let p = parts.percentEncodedPassword { secrets.append(p) }
            for item in parts.queryItems ?? [] where PostgresURL.secretOptions.contains(item.name) { secrets += item.value.map { [$0] } ?? [] }
            for item in parts.percentEncodedQueryItems ?? [] where PostgresURL.secretOptions.contains(item.name) { secrets += item.value.map { [$0] } ?? [] }
        }
        // As given, and as `connectionURL` percent-encodes it into the URL.
        for given in [password?.value, keyPassphrase?.value, environment["PGPASSWORD"]].compactMap({ $0 }) {
            secrets.append(given)
            secrets += given.addingPercentEncoding(withAllowedCharacters: .alphanumerics).map { [$0] } ?? []
        }
        return Secret.redact(text, secrets.map(Secret.init))
    }
}
