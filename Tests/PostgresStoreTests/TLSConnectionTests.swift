import Foundation
import PostgresNIO
@testable import PostgresStore
import TestSupport
import Testing

/// TLS to a real server (`PostgresServer.sharedTLS()`: a throwaway CA's certificate for 127.0.0.1 and
/// localhost; 127.0.0.2 reaches it too but is not in the certificate): each sslmode does what libpq's
/// does, and each way it fails is one line that says what to change, never the password.
@Suite struct TLSConnectionTests {
    /// A new database on `server`: its name.
    func database(on server: PostgresServer, _ label: String) throws -> String {
        String(try #require(URLComponents(string: try server.makeDatabase(label))).path.dropFirst())
    }

    /// Whether the store's session is encrypted, as the server sees it.
    func encrypted(_ store: PostgresStore) throws -> Bool {
        try store.connections.withSession { s in
            try s.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.get("ssl", as: Bool.self)
        } ?? false
    }

    /// The error opening the store at `url`, as an operator reads it.
    func failure(_ url: String, home: String = TestHome.empty) throws -> String {
        let error = #expect(throws: PostgresStoreError.self) { try PostgresStore(url: url, owner: "a", logger: quietLogger, home: home) }
        let text = String(describing: try #require(error))
        #expect(!text.contains("hunter2") && !text.contains("\n"), "\(text)")
        return text
    }

    @Test func requireConnectsAndTheSessionIsEncrypted() throws {
        let server = try PostgresServer.sharedTLS()
        let name = try database(on: server, "require")
        let store = try PostgresStore(url: server.tcpURL(database: name, query: "sslmode=require"), owner: "a", logger: quietLogger, home: TestHome.empty)
        #expect(try encrypted(store))
    }

    /// No sslmode is libpq's prefer: TLS where the server offers it; where the server refuses the TLS
    /// session for this role (pg_hba.conf `hostnossl` only), the connection is made again without TLS.
    @Test func preferUsesTLSWhenOfferedAndGoesWithoutWhereTheServerWantsNone() throws {
        let server = try PostgresServer.sharedTLS()
        let name = try database(on: server, "prefer")
        #expect(try encrypted(try PostgresStore(url: server.tcpURL(database: name), owner: "a", logger: quietLogger, home: TestHome.empty)))
        let plain = try PostgresStore(url: server.tcpURL(database: name, user: PostgresServer.TLSFiles.plainUser),
                                      owner: "b", logger: quietLogger, home: TestHome.empty)
        #expect(try !encrypted(plain))

        let without = try PostgresServer.sharedWithoutTLS()
        let other = try database(on: without, "prefer")
        #expect(try !encrypted(try PostgresStore(url: without.tcpURL(database: other), owner: "c", logger: quietLogger, home: TestHome.empty)))
    }

    /// Under prefer, a login refused over TLS (here a role that does not exist) is tried again without
    /// TLS; on a server that takes only TLS that fails with "no encryption". Both causes are said, the
    /// first being the one to act on.
    @Test func preferSaysWhyTheTLSAttemptFailedWhenTheRetryWithoutFailsToo() throws {
        let server = try PostgresServer.sharedTLS()
        let name = try database(on: server, "preferboth")
        let text = try failure(server.tcpURL(database: name, user: "nobody:hunter2"))
        #expect(text == "postgres 127.0.0.1:\(server.port) database \(name): over TLS: role \"nobody\" does not exist (SQLSTATE 28000); "
                    + "without TLS: no pg_hba.conf entry for host \"127.0.0.1\", user \"nobody\", database \"\(name)\", no encryption "
                    + "(SQLSTATE 28000)", "\(text)")
    }

    @Test func verifyFullWithTheRightCAConnectsByNameAndByAddress() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "verifyfull")
        for host in ["localhost", "127.0.0.1"] {
            let url = server.tcpURL(database: name, host: host, query: "sslmode=verify-full&sslrootcert=\(tls.authority)")
            #expect(try encrypted(try PostgresStore(url: url, owner: host, logger: quietLogger, home: TestHome.empty)), "\(host)")
        }
    }

    /// What is said of a server's certificate sent alone whose issuer is not in the CA file: another CA's, or an
    /// intermediate's the server did not send (BoringSSL says the same of both).
    static func issuerNotThere(_ issuer: String) -> String {
        "its issuer (\(issuer)) is not a CA there, and the server sent no intermediate CA certificate: if \(issuer) is an "
            + "intermediate of a CA there, append its certificate to the server's ssl_cert_file; else another CA signed it"
    }

    /// The server sends its certificate without the intermediate CA that signed it: the CA file's root cannot vouch for
    /// it, and the line says why, where it read "not signed by it". With the intermediate beside the root, it connects.
    @Test func aServerCertificateSentWithoutItsIntermediateIsSaidSo() throws {
        let server = try PostgresServer.sharedWithoutIntermediateTLS()
        let tls = try #require(server.tls)
        let intermediate = try #require(tls.intermediate)
        let name = try database(on: server, "nointermediate")
        for mode in ["verify-full", "verify-ca"] {
            let url = server.tcpURL(database: name, host: "localhost", user: "postgres:hunter2", query: "sslmode=\(mode)&sslrootcert=\(tls.authority)")
            #expect(try failure(url) == "postgres localhost:\(server.port) database \(name): the server's certificate does not verify against "
                        + "the CA in \(tls.authority): \(Self.issuerNotThere("CN=wirewatch test intermediate CA intermediate-ca")) (sslmode=\(mode))")
        }
        let bundle = try makeTemporaryDirectory("tls-bundle").path + "/root-and-intermediate.crt"
        try (String(contentsOfFile: tls.authority, encoding: .utf8) + String(contentsOfFile: intermediate, encoding: .utf8))
            .write(toFile: bundle, atomically: true, encoding: .utf8)
        let url = server.tcpURL(database: name, host: "localhost", query: "sslmode=verify-full&sslrootcert=\(bundle)")
        #expect(try encrypted(try PostgresStore(url: url, owner: "a", logger: quietLogger, home: TestHome.empty)))
    }

    /// The same, read offline from a chain openssl made: the leaf alone names its missing issuer; sent with an
    /// intermediate whose issuer is not in the file, it is "not signed by it" as before. A self-signed leaf (a
    /// server's snakeoil certificate) is said to be one, not an intermediate missing; a CA file holding the leaf's
    /// issuer but not the root above it is said to lack the root.
    @Test func aMissingIntermediateIsToldApartOffline() throws {
        let dir = try makeTemporaryDirectory("tls-chain").path
        let root = try TestCertificateAuthority("root", in: dir)
        let intermediate = try root.intermediate("middle")
        let leaf = try NIOSSLCertificate.fromPEMFile(try intermediate.issue("leaf", commonName: "db").certificate)
        let middle = try NIOSSLCertificate.fromPEMFile(intermediate.certificate)
        let tls = PostgresTLS(mode: .verifyFull, roots: .file(root.certificate))
        let now = Date()
        #expect(tls.unverified(leaf, now: now) == Self.issuerNotThere("CN=wirewatch test intermediate CA middle"))
        #expect(tls.unverified(leaf + middle, now: now) == "it is not signed by it")
        let withIntermediate = PostgresTLS(mode: .verifyFull, roots: .file(intermediate.certificate))
        #expect(withIntermediate.unverified(leaf, now: now) == "it is signed by CN=wirewatch test intermediate CA middle in the file, "
                    + "but the file lacks the root CA above it: append the root's certificate to \(intermediate.certificate)")

        let snakeoil = try NIOSSLCertificate.fromPEMFile(try TestCertificateAuthority("db01", in: dir).certificate)
        #expect(tls.unverified(snakeoil, now: now) == "it is self-signed (CN=wirewatch test CA db01): put that certificate in sslrootcert, "
                    + "or give the server one signed by the CA there")
    }

    /// Every part of an issuer's name is said, those swift-nio-ssl has no type for too (an Active Directory CA's `DC=`).
    @Test func everyPartOfACertificatesNameIsPrinted() throws {
        let dir = try makeTemporaryDirectory("tls-names").path
        let ca = try TestCertificateAuthority("ad", in: dir, subject: "/DC=example/DC=corp/serialNumber=7/O=Example/CN=Issuing CA")
        let certificate = try #require(try NIOSSLCertificate.fromPEMFile(ca.certificate).first)
        #expect(PostgresTLS.distinguishedName(certificate.subjectName) == "DC=example, DC=corp, serialNumber=7, O=Example, CN=Issuing CA")
    }

    @Test func verifyFullWithAnotherCAFailsNamingTheCAFile() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "otherca")
        for mode in ["verify-full", "verify-ca"] {
            let url = server.tcpURL(database: name, host: "localhost", user: "postgres:hunter2",
                                    query: "sslmode=\(mode)&sslrootcert=\(tls.otherAuthority)")
            #expect(try failure(url) == "postgres localhost:\(server.port) database \(name): the server's certificate does not verify "
                        + "against the CA in \(tls.otherAuthority): it is not signed by it (sslmode=\(mode))")
        }
    }

    /// 127.0.0.2 is the same server, but not a name its certificate has: verify-full refuses it, verify-ca takes it.
    @Test func verifyFullRefusesANameNotInTheCertificateAndVerifyCATakesIt() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "wrongname")
        let full = server.tcpURL(database: name, host: "127.0.0.2", user: "postgres:hunter2",
                                 query: "sslmode=verify-full&sslrootcert=\(tls.authority)")
        #expect(try failure(full) == "postgres 127.0.0.2:\(server.port) database \(name): the server's certificate is not for 127.0.0.2 "
                    + "(sslmode=verify-full checks the name): connect by a name the certificate has, or use sslmode=verify-ca")
        let ca = server.tcpURL(database: name, host: "127.0.0.2", query: "sslmode=verify-ca&sslrootcert=\(tls.authority)")
        #expect(try encrypted(try PostgresStore(url: ca, owner: "a", logger: quietLogger, home: TestHome.empty)))
        // require with a CA file is verify-ca, as in libpq.
        let require = server.tcpURL(database: name, host: "127.0.0.2", query: "sslmode=require&sslrootcert=\(tls.otherAuthority)")
        #expect(try failure(require).hasSuffix("the server's certificate does not verify against the CA in \(tls.otherAuthority): "
                                                + "it is not signed by it (sslmode=verify-ca)"))
    }

    /// Over a Unix socket TLS does not apply: verify-full with its CA connects, without TLS, as libpq does.
    @Test func overAUnixSocketTheTLSOptionsAreCheckedButNotUsed() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "socket")
        let url = server.url(database: name) + "&sslmode=verify-full&sslrootcert=\(tls.authority)"
        #expect(try !encrypted(try PostgresStore(url: url, owner: "a", logger: quietLogger, home: TestHome.empty)))
    }

    /// The client requires TLS, the server has none (ssl=off).
    @Test func requireAgainstAServerWithoutTLSFailsSayingSo() throws {
        let server = try PostgresServer.sharedWithoutTLS()
        let name = try database(on: server, "notls")
        let url = server.tcpURL(database: name, user: "postgres:hunter2", query: "sslmode=require")
        #expect(try failure(url) == "postgres 127.0.0.1:\(server.port) database \(name): the server does not offer TLS (sslmode=require); "
                    + "turn on ssl in its postgresql.conf, or connect with sslmode=prefer or disable")
    }

    /// The server requires TLS (only `hostssl` lines for this role), the client says disable.
    @Test func disableAgainstAServerTakingOnlyTLSFailsSayingSo() throws {
        let server = try PostgresServer.sharedTLS()
        let name = try database(on: server, "disable")
        let text = try failure(server.tcpURL(database: name, user: "postgres:hunter2", query: "sslmode=disable"))
        #expect(text == "postgres 127.0.0.1:\(server.port) database \(name): no pg_hba.conf entry for host \"127.0.0.1\", user \"postgres\", "
                    + "database \"\(name)\", no encryption (SQLSTATE 28000): the server takes only TLS connections from here; "
                    + "connect with sslmode=require or stronger")
    }

    /// `clientcert=verify-full` in pg_hba.conf: the role gets in with the CA's certificate for its name, and not without one.
    @Test func aClientCertificateLetsItsRoleIn() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "clientcert")
        let user = PostgresServer.TLSFiles.clientUser
        let url = server.tcpURL(database: name, host: "localhost", user: user,
                                query: "sslmode=verify-full&sslrootcert=\(tls.authority)&sslcert=\(tls.clientCertificate)&sslkey=\(tls.clientKey)")
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger, home: TestHome.empty)
        #expect(try encrypted(store))
        let who = try store.connections.withSession { try $0.rows("SELECT current_user AS who").first?.get("who", as: String.self) }
        #expect(who == user)

        let without = try failure(server.tcpURL(database: name, host: "localhost", user: user,
                                                query: "sslmode=verify-full&sslrootcert=\(tls.authority)"))
        #expect(without.contains("connection requires a valid client certificate"), "\(without)")
    }

    /// A server whose certificate expired is told apart from one signed by another CA: BoringSSL says only
    /// CERTIFICATE_VERIFY_FAILED, so the store reads the certificate's dates from a handshake of its own.
    @Test func anExpiredServerCertificateIsSaidToHaveExpired() throws {
        let server = try PostgresServer.sharedExpiredTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "expired")
        let notAfter = try #require(try NIOSSLCertificate.fromPEMFile(tls.serverCertificate).first).notValidAfter
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(notAfter)))
        for mode in ["verify-full", "verify-ca"] {
            let url = server.tcpURL(database: name, host: "localhost", user: "postgres:hunter2", query: "sslmode=\(mode)&sslrootcert=\(tls.authority)")
            #expect(try failure(url) == "postgres localhost:\(server.port) database \(name): the server's certificate does not verify against "
                        + "the CA in \(tls.authority): it expired at \(when) (renew it on the server) (sslmode=\(mode))")
        }
        // Checked against another CA as well, the expiry is what is said: a renewal is needed whoever signs it.
        let other = server.tcpURL(database: name, host: "localhost", query: "sslmode=verify-ca&sslrootcert=\(tls.otherAuthority)")
        #expect(try failure(other).hasSuffix("it expired at \(when) (renew it on the server) (sslmode=verify-ca)"))
        // require checks nothing: the expired certificate still encrypts.
        #expect(try encrypted(try PostgresStore(url: server.tcpURL(database: name, query: "sslmode=require"), owner: "a", logger: quietLogger, home: TestHome.empty)))
    }

    /// The dates of the chain and of the CA file, read offline: a certificate not valid yet, and a CA file that expired.
    @Test func theOtherDatesThatFailAVerificationAreSaid() throws {
        let dir = try makeTemporaryDirectory("tls-dates").path
        let ca = try TestCertificateAuthority("ca", in: dir)
        let good = try NIOSSLCertificate.fromPEMFile(try ca.issue("good", commonName: "db").certificate)
        let notBefore = Date(timeIntervalSince1970: TimeInterval(try #require(good.first).notValidBefore))
        let tls = PostgresTLS(mode: .verifyFull, roots: .file(ca.certificate))
        #expect(tls.unverified(good, now: notBefore.addingTimeInterval(-3600))
                == "it is not valid before \(ISO8601DateFormatter().string(from: notBefore)) (is this machine's clock right?)")
        #expect(tls.unverified(good, now: notBefore.addingTimeInterval(3600)) == "it is not signed by it")
        let caEnd = try #require(try NIOSSLCertificate.fromPEMFile(ca.certificate).first).notValidAfter
        let later = Date(timeIntervalSince1970: TimeInterval(caEnd) + 60)
        #expect(tls.unverified([], now: later) == "the CA certificate in \(ca.certificate) expired at "
                    + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(caEnd))))
    }

    /// An encrypted client key (PKCS#8 and traditional PEM) with its passphrase in sslpassword lets the role
    /// in; a wrong passphrase fails opening the store with one line naming the key file, never the passphrase.
    @Test func anEncryptedClientKeyWithItsPassphraseLetsItsRoleIn() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "sslpassword")
        let dir = try makeTemporaryDirectory("tls-encrypted").path
        let passphrase = "c0rrect h%rse&battery"
        let encoded = try #require(passphrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        for form in TestCertificateAuthority.KeyEncryption.allCases {
            let copy = dir + "/client-\(form.rawValue).key"
            try FileManager.default.copyItem(atPath: tls.clientKey, toPath: copy)
            let key = try TestCertificateAuthority.encrypt(key: copy, passphrase: passphrase, as: form)
            let base = "sslmode=verify-full&sslrootcert=\(tls.authority)&sslcert=\(tls.clientCertificate)&sslkey=\(key)"
            let url = server.tcpURL(database: name, host: "localhost", user: PostgresServer.TLSFiles.clientUser, query: base + "&sslpassword=\(encoded)")
            let store = try PostgresStore(url: url, owner: form.rawValue, logger: quietLogger, home: TestHome.empty)
            #expect(try encrypted(store), "\(form)")

            let wrong = server.tcpURL(database: name, host: "localhost", user: PostgresServer.TLSFiles.clientUser, query: base + "&sslpassword=hunter2")
            #expect(try failure(wrong) == "postgres localhost:\(server.port) database \(name): sslkey: \(key) cannot be decrypted with the "
                        + "passphrase in sslpassword (a wrong passphrase, or a cipher BoringSSL does not read)", "\(form)")
            let none = server.tcpURL(database: name, host: "localhost", user: PostgresServer.TLSFiles.clientUser, query: base)
            #expect(try failure(none) == "postgres localhost:\(server.port) database \(name): sslkey: \(key) is encrypted: give its passphrase "
                        + "as sslpassword (in the URL, or in 'sslpassword_file' beside 'url')", "\(form)")
        }
    }

    /// A client key that group or others may use is refused when the store connects, as libpq refuses it, in one
    /// line with the fix; once mended, the role gets in with it.
    @Test func aClientKeyOpenToOthersIsRefusedAtConnect() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "keymode")
        let key = try makeTemporaryDirectory("tls-keymode").path + "/client.key"
        try FileManager.default.copyItem(atPath: tls.clientKey, toPath: key)
        chmod(key, 0o644)
        let url = server.tcpURL(database: name, host: "localhost", user: PostgresServer.TLSFiles.clientUser,
                                query: "sslmode=verify-full&sslrootcert=\(tls.authority)&sslcert=\(tls.clientCertificate)&sslkey=\(key)")
        #expect(try failure(url) == "postgres localhost:\(server.port) database \(name): sslkey: \(key) has mode 0644, open to group or others, "
                    + "and libpq refuses such a key (0600 or less, or 0640 owned by root): chmod 600 \(key)")
        chmod(key, 0o600)
        #expect(try encrypted(try PostgresStore(url: url, owner: "a", logger: quietLogger, home: TestHome.empty)))
    }

    /// libpq's default revocation list in the home of the store's user is refused when the store opens, where
    /// libpq would check the certificate against it; without it, the same URL connects.
    @Test func libpqsDefaultRevocationListIsRefusedWhenTheStoreOpens() throws {
        let server = try PostgresServer.sharedTLS()
        let tls = try #require(server.tls)
        let name = try database(on: server, "crl")
        let home = try TestHome.make("crl-home", postgresql: ["root.crt": tls.authority])
        let url = server.tcpURL(database: name, host: "localhost", query: "sslmode=verify-full")
        #expect(try encrypted(try PostgresStore(url: url, owner: "a", logger: quietLogger, home: home)))
        try "-----BEGIN X509 CRL-----\n".write(toFile: home + "/.postgresql/root.crl", atomically: true, encoding: .utf8)
        let refused = try failure(url, home: home)
        // Said as every option that cannot be used: after the URL, without its password.
        #expect(refused.hasPrefix("\(url): \(home)/.postgresql/root.crl "
                                                        + "(libpq's default sslcrl, which libpq checks the server's certificate against) is not supported: "), "\(refused)")
    }
}
