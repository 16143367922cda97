import Foundation
import PostgresNIO

/// A connection that failed over TLS, said in words an operator can act on: the driver's own
/// (`connectionError: handshakeFailed(sslError([…CERTIFICATE_VERIFY_FAILED]))`) says which layer
/// failed, not what to change.
extension PostgresTLS {
    /// Why connecting to `host` failed, when TLS (or its absence) is the reason; nil otherwise.
    /// `presented` fetches the chain the server shows, asked only when its certificate did not verify.
    func explain(_ error: any Error, host: String, presented: () -> [NIOSSLCertificate]? = { nil }, now: Date = Date()) -> String? {
        guard let psql = error as? PSQLError else { return nil }
        let mode = "sslmode=\(self.mode.rawValue)"
        if psql.code == .sslUnsupported {
            return "the server does not offer TLS (\(mode)); turn on ssl in its postgresql.conf, or connect with sslmode=prefer or disable"
        }
        if psql.code == .server, let message = psql.serverInfo?[.message], psql.serverInfo?[.sqlState] == "28000",
           self.mode == .disable, message.hasSuffix("no encryption") {
            return "\(message) (SQLSTATE 28000): the server takes only TLS connections from here; connect with sslmode=require or stronger"
        }
        guard let underlying = psql.underlying else { return nil }
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate is not for \(host) (\(mode) checks the name): connect by a name the certificate has, or use sslmode=verify-ca"
        }
        guard let ssl = underlying as? NIOSSLError else { return nil }
        let detail = "\(ssl)"
        if detail.contains("CERTIFICATE_VERIFY_FAILED") {
            let by = switch roots {
            case .file(let path): "the CA in \(path)"
            case .system: "a CA in the system's trust store"
            case nil: "a CA this store trusts"
            }
            let why = presented().map { unverified($0, now: now) } ?? "it is not signed by it, or is out of its dates"
            return "the server's certificate does not verify against \(by): \(why) (\(mode))"
        }
        if detail.contains("CERTIFICATE_REQUIRED") || detail.contains("HANDSHAKE_FAILURE") && clientCertificate == nil {
            return "the TLS handshake failed: the server may want a client certificate (sslcert and sslkey): \(detail)"
        }
        return "the TLS handshake failed (\(mode)): \(detail)"
    }

    /// Whether a failed connection is tried again without TLS: under prefer, when the TLS handshake
    /// failed or the server refused the login (SQLSTATE class 28), as libpq does. postgres-nio does not
    /// say whether TLS was used: against a server without TLS, a refused login is tried twice, both
    /// times without TLS (docs/postgresql.md says so).
    func retriesWithoutTLS(after error: any Error) -> Bool {
        guard mode == .prefer, let psql = error as? PSQLError else { return false }
        if psql.code == .server { return psql.serverInfo?[.sqlState]?.hasPrefix("28") == true }
        return psql.underlying is NIOSSLError || psql.underlying is NIOSSLExtraError
    }

    /// Why a chain that failed to verify did, as far as its dates and the CA file's tell: an expired certificate
    /// is the cause an operator acts on first (a renewal), whoever signed it.
    func unverified(_ chain: [NIOSSLCertificate], now: Date) -> String {
        let seconds = time_t(now.timeIntervalSince1970)
        func day(_ t: time_t) -> String {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(t)))
        }
        if let leaf = chain.first {
            if leaf.notValidAfter < seconds { return "it expired at \(day(leaf.notValidAfter)) (renew it on the server)" }
            if leaf.notValidBefore > seconds {
                return "it is not valid before \(day(leaf.notValidBefore)) (is this machine's clock right?)"
            }
        }
        if let expired = chain.dropFirst().first(where: { $0.notValidAfter < seconds }) {
            return "a CA certificate the server sends with it expired at \(day(expired.notValidAfter))"
        }
        if chain.count == 1, let leaf = chain.first, leaf.issuerName == leaf.subjectName {
            // A server's own snakeoil or `openssl req -x509` certificate: no CA signed it, so no intermediate is missing.
            return "it is self-signed (\(Self.distinguishedName(leaf.subjectName))): put that certificate in sslrootcert, "
                + "or give the server one signed by the CA there"
        }
        guard case .file(let path) = roots, let cas = try? Self.certificates(path, option: "sslrootcert") else { return "it is not signed by it" }
        if let last = cas.map(\.notValidAfter).max(), last < seconds {
            return "the CA certificate in \(path) expired at \(day(last))"
        }
        if let issuer = chain.lazy.map(\.issuerName).first(where: { name in cas.contains { $0.subjectName == name && $0.issuerName != name } }) {
            // The file holds the CA that signed the certificate, but not the root above it: BoringSSL, as libpq's OpenSSL,
            // trusts a chain only up to a self-signed CA in the file (no partial chains).
            return "it is signed by \(Self.distinguishedName(issuer)) in the file, but the file lacks the root CA above it: append the root's certificate to \(path)"
        }
        if chain.count == 1, let leaf = chain.first, !cas.contains(where: { $0.subjectName == leaf.issuerName }) {
            // What BoringSSL reports alike for a certificate of another CA and for one whose intermediate CA the
            // server did not send: only the operator knows which CA the issuer is, so both are said.
            let issuer = Self.distinguishedName(leaf.issuerName)
            return "its issuer (\(issuer)) is not a CA there, and the server sent no intermediate CA certificate: if \(issuer) is an "
                + "intermediate of a CA there, append its certificate to the server's ssl_cert_file; else another CA signed it"
        }
        return "it is not signed by it"
    }

    /// A certificate's name as openssl prints it (`CN=…, O=…`), for a message. Every part is printed: two issuers
    /// must not read alike because one has a part (`DC=` of an Active Directory CA) this store has no label for.
    static func distinguishedName(_ name: [SSLCertificateName]) -> String {
        let labels: [SSLCertificateNameType: String] = [.country: "C", .state: "ST", .city: "L", .organization: "O",
                                                        .organizationalUnit: "OU", .commonName: "CN", .emailAddress: "emailAddress", .userId: "UID"]
        // swift-nio-ssl names only the types above; the others' BoringSSL NID is read from the type's one stored property.
        let byNID: [Int32: String] = [391: "DC", 105: "serialNumber", 660: "street", 106: "title", 99: "GN", 100: "SN",
                                      661: "postalCode", 510: "pseudonym", 174: "dnQualifier"]
        let parts = name.map { entry in
            let label = labels[entry.type] ?? Mirror(reflecting: entry.type).children.first.flatMap { $0.value as? Int32 }
                .map { byNID[$0] ?? "NID \($0)" } ?? "?"
            return "\(label)=\(entry.value)"
        }
        return parts.isEmpty ? "an empty name" : parts.joined(separator: ", ")
    }
}
