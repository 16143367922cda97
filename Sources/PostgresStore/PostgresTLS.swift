import Foundation
import PostgresNIO
import WirewatchCore

/// TLS to the server, as libpq's `sslmode`, `sslrootcert`, `sslcert` and `sslkey` ask for it
/// (docs/postgresql.md, "TLS"). Over a Unix socket TLS does not apply and is not used, as libpq does.
public struct PostgresTLS: Sendable, Hashable {
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

    /// A certificate the client shows the server (`sslcert`, PEM) and its key (`sslkey`, PEM, unencrypted).
    public struct ClientCertificate: Sendable, Hashable {
        public var certificate: String
        public var key: String
        public init(certificate: String, key: String) { self.certificate = certificate; self.key = key }
    }

    public init(mode: Mode = .prefer, roots: Roots? = nil, clientCertificate: ClientCertificate? = nil) {
        self.mode = mode
        self.roots = roots
        self.clientCertificate = clientCertificate
    }

    /// The settings the four options ask for (nil: not given), or why they do not go together.
    static func read(mode written: String?, rootCertificate: String?, certificate: String?, key: String?)
        -> Result<PostgresTLS, PostgresURLOptions.Problem> {
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
        for (name, path) in [("sslrootcert", rootCertificate), ("sslcert", certificate), ("sslkey", key)] {
            guard let path else { continue }
            if written == "disable" {
                return problem("\(name) with sslmode=disable would not be used: remove it, or ask for TLS (sslmode=require or stronger)")
            }
            guard path.hasPrefix("/") || (name == "sslrootcert" && path == "system") else {
                return problem(name == "sslrootcert" ? "sslrootcert must be an absolute path to a PEM file of CA certificates, or 'system' (got '\(path)')"
                                                     : "\(name) must be an absolute path to a PEM file (got '\(path)')")
            }
        }
        switch (certificate, key) {
        case (.some, nil): return problem("sslcert needs sslkey, the client certificate's private key")
        case (nil, .some): return problem("sslkey needs sslcert, the client certificate it is the key of")
        default: break
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
        case nil:
            if mode == .verifyCA || mode == .verifyFull {
                return problem("sslmode=\(mode.rawValue) needs sslrootcert: the CA file that signed the server's certificate "
                               + "(sslrootcert=/etc/…/root.crt), or sslrootcert=system for the system's trust store")
            }
        }
        return .success(PostgresTLS(mode: mode, roots: roots, clientCertificate: certificate.flatMap { c in key.map { ClientCertificate(certificate: c, key: $0) } }))
    }

    /// Why the files the options name cannot be used (missing, unreadable, not PEM, a key not the
    /// certificate's); nil when they can, or when there are none.
    public func filesProblem() -> String? {
        do { _ = try context(); return nil } catch { return error.description }
    }

    /// The driver's TLS setting for a TCP connection, its files read now.
    func connectionTLS() throws(PostgresURLOptions.Problem) -> PostgresConnection.Configuration.TLS {
        guard let context = try context() else { return .disable }
        return mode == .prefer ? .prefer(context) : .require(context)
    }

    /// The TLS context the options make; nil under disable.
    private func context() throws(PostgresURLOptions.Problem) -> NIOSSLContext? {
        guard mode != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = switch mode {
        case .verifyFull: .fullVerification
        case .verifyCA: .noHostnameVerification
        case .disable, .prefer, .require: .none
        }
        switch roots {
        case .file(let path): configuration.trustRoots = .certificates(try Self.certificates(path, option: "sslrootcert"))
        case .system: configuration.trustRoots = .default
        case nil: break
        }
        if let client = clientCertificate {
            configuration.certificateChain = try Self.certificates(client.certificate, option: "sslcert").map { .certificate($0) }
            let bytes = try Self.contents(client.key, option: "sslkey")
            do { configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: bytes, format: .pem)) } catch {
                throw .init("sslkey: \(client.key) holds no unencrypted PEM private key")
            }
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            // The key was read above: refused now, it does not match the certificate (BoringSSL's KEY_VALUES_MISMATCH).
            if let client = clientCertificate, case NIOSSLError.failedToLoadPrivateKey = error {
                throw .init("sslkey: \(client.key) is not the key of the certificate in \(client.certificate)")
            }
            throw .init("the TLS settings cannot be used: \(error)")
        }
    }

    /// The PEM certificates in `path`, or a one-line reason naming the option and the file.
    private static func certificates(_ path: String, option: String) throws(PostgresURLOptions.Problem) -> [NIOSSLCertificate] {
        let bytes = try contents(path, option: option)
        guard let found = try? NIOSSLCertificate.fromPEMBytes(bytes), !found.isEmpty else {
            throw .init("\(option): \(path) holds no PEM certificate")
        }
        return found
    }

    /// The bytes of `path`, by the project's reader: a FIFO, /dev/zero or a file past 1 MiB is
    /// refused with a reason, not waited on or read until memory runs out.
    private static func contents(_ path: String, option: String) throws(PostgresURLOptions.Problem) -> [UInt8] {
        do { return Array(try OperatorFile.read(path, limit: 1 << 20)) } catch { throw .init("\(option): \(error)") }
    }
}
