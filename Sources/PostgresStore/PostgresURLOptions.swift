import Foundation

/// The options in a store URL's query, read as libpq reads them: `host=` (a Unix socket directory)
/// and the TLS options (`PostgresTLS`). The only reader of the query: the config check and the
/// connection both take their meaning from here.
public struct PostgresURLOptions: Sendable, Hashable {
    /// `host=/a/directory`: the Unix socket's directory; nil: TCP to the URL's host.
    public var socketDirectory: String?
    public var tls: PostgresTLS

    /// The options in `items`, or why they cannot be used, said without the URL (it may carry a password).
    /// `home` is where libpq's files are looked for (`~/.postgresql/`): the home of the user running wirewatch.
    public static func read(_ items: [URLQueryItem], home: String? = LibpqHomeFiles.currentUserHome()) -> Result<PostgresURLOptions, Problem> {
        var values: [String: String] = [:]
        for item in items {
            let value = item.value ?? ""
            switch item.name {
            case "password":
                return .failure(Problem("a password in the URL's query is not read: give it as postgres://user:password@…, in password_file or in PGPASSWORD"))
            case "sslcrl", "sslcrldir":
                return .failure(Problem("\(item.name) is not supported: \(Self.noRevocationCheck)"))
            case "host", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword":
                if values[item.name] != nil { return .failure(Problem("'\(item.name)' is given twice in the URL's query")) }
                values[item.name] = value
            default:
                return .failure(Problem("'\(item.name)' in the URL's query is not supported: the store reads host= (a Unix socket directory), "
                                        + "sslmode, sslrootcert, sslcert, sslkey and sslpassword"))
            }
        }
        if let host = values["host"], !host.hasPrefix("/") {
            // libpq would take a server's name here too; the store reads the URL's host for that, and ignored this.
            return .failure(Problem("host= in the URL's query names a Unix socket directory, an absolute path (got '\(host)'); "
                                    + "a server's name goes in the URL, as in postgres://wirewatch@db.example/wirewatch"))
        }
        let socket = values["host"]
        // Over a Unix socket TLS never applies: the options the URL names are still checked, but libpq's
        // defaults in the user's home are not looked for (a stray ~/.postgresql/postgresql.crt must not stop
        // a socket store from opening).
        return PostgresTLS.read(mode: values["sslmode"], rootCertificate: values["sslrootcert"], certificate: values["sslcert"],
                                key: values["sslkey"], password: values["sslpassword"], home: socket == nil ? home : nil)
            .map { PostgresURLOptions(socketDirectory: socket, tls: $0) }
    }

    /// Why a revocation list, named (`sslcrl`, `sslcrldir`) or libpq's default (`~/.postgresql/root.crl`), is refused.
    static let noRevocationCheck = "the TLS library the store uses (swift-nio-ssl, through postgres-nio) cannot check a certificate revocation list, "
        + "and a list not checked would protect nothing: to stop trusting a revoked server certificate, take its CA out of sslrootcert "
        + "and give the server a certificate from a new CA"

    /// A URL option that cannot be used, in one line an operator can act on.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
