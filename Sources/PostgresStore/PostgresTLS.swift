import Foundation
import PostgresNIO
import WirewatchCore

/// TLS to the server, as libpq's `sslmode`, `sslrootcert`, `sslcert`, `sslkey` and `sslpassword` ask for it,
/// with libpq's files in `~/.postgresql/` when the URL names none (docs/postgresql.md, "TLS"). Over a Unix
/// socket TLS does not apply and is not used, as libpq does.
public struct PostgresTLS: Sendable, Hashable {
    /// Where the config takes a client key's passphrase from, as said when it is missing: `store copy`, whose
    /// `--to` has `--sslpassword-file` instead, says its own in their place.
    public static let passphraseSources = "(in the URL, or in 'sslpassword_file' beside 'url')"
    public static let passphraseWithoutKey = "sslpassword goes with sslcert and sslkey: it is the passphrase of the client certificate's key"

    /// libpq's modes, less `allow` (it tries without TLS first: the password goes unprotected wherever the server allows).
    public enum Mode: String, Sendable, Hashable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, its certificate unchecked; without TLS when it does not,
        /// or when the connection with TLS fails (as libpq retries). The default, as in libpq.
        case prefer
        /// TLS or no connection; the certificate is not checked.
        case require
        /// TLS, the certificate signed by the CA in `sslrootcert`.
        case verifyCA = "verify-ca"
        /// As verify-ca, and the certificate names the host the URL names.
        case verifyFull = "verify-full"
    }

    /// Where the CAs that sign the server's certificate are.
    public enum Roots: Sendable, Hashable {
        /// A PEM file of one or more CA certificates.
        case file(String)
        /// The system's trust store (`sslrootcert=system`).
        case system
    }

    /// The mode in force: `require` with a CA file is verify-ca, as in libpq.
    public var mode: Mode
    public var roots: Roots?
    public var clientCertificate: ClientCertificate?
    /// The files taken from libpq's place in the home directory (`~/.postgresql/root.crt`, `postgresql.crt`,
    /// `postgresql.key`) because the URL named none: `check` says so, since they differ by user.
    public var homeFiles: [String]

    /// A certificate the client shows the server (`sslcert`, PEM) and its key (`sslkey`, PEM; encrypted
    /// with the passphrase `sslpassword`, or not encrypted).
    public struct ClientCertificate: Sendable, Hashable {
        public var certificate: String
        public var key: String
        /// Prints as `[redacted]`, as every secret does.
        public var passphrase: Secret?
        public init(certificate: String, key: String, passphrase: Secret? = nil) {
            self.certificate = certificate
            self.key = key
            self.passphrase = passphrase
        }
    }

    public init(mode: Mode = .prefer, roots: Roots? = nil, clientCertificate: ClientCertificate? = nil, homeFiles: [String] = []) {
        self.mode = mode
        self.roots = roots
        self.clientCertificate = clientCertificate
        self.homeFiles = homeFiles
    }

    /// The settings the options ask for (nil: not given), or why they do not go together. `home` is the
    /// home directory of the user running wirewatch, where libpq looks for its files (`~/.postgresql/`).
    static func read(mode written: String?, rootCertificate given: String?, certificate: String?, key: String?,
                     password: String?, home: String?) -> Result<PostgresTLS, PostgresURLOptions.Problem> {
        func problem(_ text: String) -> Result<PostgresTLS, PostgresURLOptions.Problem> { .failure(.init(text)) }
        var mode = Mode.prefer
        if let written {
            if written == "allow" {
                return problem("sslmode=allow is not supported (it sends the password without TLS whenever the server allows it): "
                               + "use sslmode=prefer, the default, which uses TLS when the server offers it, or sslmode=disable")
            }
            guard let known = Mode(rawValue: written) else {
                return problem("sslmode=\(written) is not one of disable, prefer, require, verify-ca, verify-full")
            }
            mode = known
        }
        for (name, path) in [("sslrootcert", given), ("sslcert", certificate), ("sslkey", key)] {
            guard let path else { continue }
            if written == "disable" {
                return problem("\(name) with sslmode=disable would not be used: remove it, or ask for TLS (sslmode=require or stronger)")
            }
            guard path.hasPrefix("/") || (name == "sslrootcert" && path == "system") else {
                return problem(name == "sslrootcert" ? "sslrootcert must be an absolute path to a PEM file of CA certificates, or 'system' (got '\(path)')"
                                                     : "\(name) must be an absolute path to a PEM file (got '\(path)')")
            }
        }
        if password != nil, written == "disable" {
            return problem("sslpassword with sslmode=disable would not be used: remove it, or ask for TLS (sslmode=require or stronger)")
        }
        let libpq = LibpqHomeFiles(home: home)
        var homeFiles: [String] = []
        var client: (certificate: String, key: String)?
        switch (certificate, key) {
        case let (certificate?, key?): client = (certificate, key)
        case (nil, nil) where mode != .disable:
            // libpq's default client certificate, shown to any server that asks when the URL names none.
            if let found = libpq.existing(LibpqHomeFiles.certificate) {
                guard let foundKey = libpq.existing(LibpqHomeFiles.key) else {
                    return problem("\(found) (libpq's default sslcert) is there but not its key, \(libpq.path(LibpqHomeFiles.key) ?? ""): "
                                   + "put the key there, or name both with sslcert and sslkey")
                }
                client = (found, foundKey)
                homeFiles += [found, foundKey]
            }
        case (let certificate?, nil):
            guard let found = libpq.existing(LibpqHomeFiles.key) else { return problem("sslcert needs sslkey, the client certificate's private key") }
            client = (certificate, found)
            homeFiles.append(found)
        case (nil, let key?):
            guard let found = libpq.existing(LibpqHomeFiles.certificate) else { return problem("sslkey needs sslcert, the client certificate it is the key of") }
            client = (found, key)
            homeFiles.append(found)
        default: break
        }
        if password != nil, client == nil {
            return problem(Self.passphraseWithoutKey)
        }
        var rootCertificate = given
        if given == nil, mode == .verifyCA || mode == .verifyFull || mode == .require, let found = libpq.existing(LibpqHomeFiles.roots) {
            // libpq's default CA file; with it, libpq's require checks the certificate as verify-ca does.
            rootCertificate = found
            homeFiles.append(found)
        }
        var roots: Roots?
        switch rootCertificate {
        case "system":
            // libpq's rule: any public CA signs certificates for any name, so only the name check makes them mean something.
            if written == nil { mode = .verifyFull }
            guard mode == .verifyFull else {
                return problem("sslrootcert=system needs sslmode=verify-full (the system's CAs vouch for any name: only checking the name makes them mean something)")
            }
            roots = .system
        case let path?:
            if written == "prefer" {
                return problem("sslrootcert with sslmode=prefer: a server whose certificate does not verify would be used without TLS; "
                               + "use sslmode=verify-full (or verify-ca)")
            }
            // libpq's rule for require; with no sslmode at all, a CA file says the same wish.
            if mode == .require || written == nil { mode = .verifyCA }
            roots = .file(path)
            // libpq checks the certificate against this list whenever it verifies with a CA file (not with
            // sslrootcert=system): a list there means revoked certificates are to be refused, which the store cannot do.
            if let list = libpq.existing(LibpqHomeFiles.revocationList) {
                return problem("\(list) (libpq's default sslcrl, which libpq checks the server's certificate against) is not supported: "
                               + PostgresURLOptions.noRevocationCheck + "; then remove \(list)")
            }
        case nil:
            if mode == .verifyCA || mode == .verifyFull {
                return problem("sslmode=\(mode.rawValue) needs sslrootcert: the CA file that signed the server's certificate "
                               + "(sslrootcert=/etc/…/root.crt), or sslrootcert=system for the system's trust store"
                               + (libpq.path(LibpqHomeFiles.roots).map { "; libpq's default, \($0), is not there either" } ?? ""))
            }
        }
        let passphrase = password.map(Secret.init)
        return .success(PostgresTLS(mode: mode, roots: roots,
                                    clientCertificate: client.map { ClientCertificate(certificate: $0.certificate, key: $0.key, passphrase: passphrase) },
                                    homeFiles: homeFiles))
    }
}
