import Foundation
import PostgresNIO
import WirewatchCore

/// Where the store's server is, read from `postgres://user:password@host:port/database` (or
/// `postgresql://`; `?host=/run/postgresql` names a Unix socket directory, and `sslmode` and the
/// other TLS options ask for TLS, as libpq reads them: `PostgresURLOptions`).
public struct PostgresURL: Sendable {
    var configuration: PostgresConnection.Configuration
    /// The TLS asked for over TCP; nil over a Unix socket, where TLS does not apply.
    var tls: PostgresTLS?
    /// The host as the URL names it (what verify-full checks the certificate against).
    var host: String?
    /// The port (5432 unless the URL says).
    var port: Int
    /// The server as errors name it: never the password.
    var server: String

    /// `home`: where libpq's TLS files are looked for (`~/.postgresql/`), the home of the user running wirewatch.
    init(_ url: String, home: String? = LibpqHomeFiles.currentUserHome()) throws {
        let schemes = ["postgres", "postgresql"]
        guard let parts = Self.readable(url) else {
            let scheme = url.range(of: "://").map { String(url[..<$0.lowerBound]) }
            throw PostgresStoreError(server: Self.withoutPassword(url), cause: schemes.contains(scheme ?? "")
                ? "an unreadable PostgreSQL URL: percent-encode the user and password (a '#' as %23, '/' as %2F, '?' as %3F, '%' as %25)"
                : "not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        guard let scheme = parts.scheme, schemes.contains(scheme) else {
            throw PostgresStoreError(server: Self.withoutPassword(url),
                                     cause: "not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        let user = parts.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? NSUserName()
        let password = parts.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        let port = parts.port ?? 5432
        self.port = port
        let options: PostgresURLOptions
        switch PostgresURLOptions.read(parts.queryItems ?? [], home: home) {
        case .success(let read): options = read
        case .failure(let problem): throw PostgresStoreError(server: Self.withoutPassword(url), cause: problem.description)
        }
        if let socketDirectory = options.socketDirectory {
            // libpq's convention: the socket is the file .s.PGSQL.<port> in that directory.
            var config = PostgresConnection.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
            config.options.connectTimeout = .seconds(10)
            configuration = config
            server = "postgres \(socketDirectory) port \(port) database \(database)"
            tls = nil
            self.host = nil
        } else {
            guard let host = parts.host, !host.isEmpty else {
                throw PostgresStoreError(server: Self.withoutPassword(url), cause: "the URL names no host (postgres://user:password@host:port/database)")
            }
            server = "postgres \(host):\(port) database \(database)"
            let driverTLS: PostgresConnection.Configuration.TLS
            do { driverTLS = try options.tls.connectionTLS() } catch { throw PostgresStoreError(server: server, cause: error.description) }
            var config = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                          database: database, tls: driverTLS)
            config.options.connectTimeout = .seconds(10)
            configuration = config
            tls = options.tls
            self.host = host
        }
    }

    /// `url`'s parts, or nil when they cannot be what the operator meant. A '#', '/' or '?' in a
    /// password ends the authority early: the rest is read as a fragment, path or query (and part of
    /// the password as a port, or the user as the host), so a fragment, or an '@' left in the path or
    /// query, means unreadable. (A bare '%' is read as itself: URLComponents encodes it as %25.)
    /// An '@' in the query of a URL whose authority has its user is a file path's (sslrootcert=/etc/pg@prod/…),
    /// as is an encoded %40 in any query. `wirewatch check` reads the URL with this too, so check and run agree.
    public static func readable(_ url: String) -> URLComponents? {
        guard let parts = URLComponents(string: url), parts.fragment == nil, !parts.path.contains("@"),
              parts.percentEncodedUser != nil || parts.percentEncodedQuery?.contains("@") != true
        else { return nil }
        return parts
    }

    /// The query's options that are secrets: printed as `[redacted]`, as every secret is (`Secret.placeholder`).
    public static let secretOptions: Set<String> = ["password", "sslpassword"]

    /// `url` with its password and key passphrase, if any, replaced by `[redacted]`, for a message or a log line.
    public static func withoutPassword(_ url: String) -> String {
        guard var parts = readable(url) else {
            // Unreadable: everything between the scheme and the last '@' may be the password.
            guard let at = url.range(of: "@", options: .backwards) else { return url }
            let start = url.range(of: "://").map(\.upperBound) ?? url.startIndex
            return start <= at.lowerBound ? url[..<start] + Secret.placeholder + url[at.lowerBound...] : Secret.placeholder + url[at.lowerBound...]
        }
        let secretInQuery = parts.percentEncodedQueryItems?.contains { secretOptions.contains($0.name) } == true
        guard parts.password != nil || secretInQuery else { return url }
        // URLComponents would percent-encode the placeholder's brackets (%5Bredacted%5D): a mark of letters, which
        // no URL holds, goes in its place, and the placeholder replaces the mark in the text.
        let mark = "wirewatchsecret" + UUID().uuidString.filter(\.isHexDigit)
        if parts.password != nil { parts.percentEncodedPassword = mark }
        if secretInQuery {
            parts.percentEncodedQueryItems = parts.percentEncodedQueryItems?.map { secretOptions.contains($0.name) ? URLQueryItem(name: $0.name, value: mark) : $0 }
        }
        return parts.string?.replacingOccurrences(of: mark, with: Secret.placeholder) ?? "the store URL"
    }
}
