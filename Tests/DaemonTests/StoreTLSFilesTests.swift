import Foundation
import PostgresStore
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// The TLS files the store takes from outside the URL, judged as libpq judges them: libpq's defaults in the
/// user's home (`~/.postgresql/`), its revocation list there, and a client key's file mode.
@Suite struct StoreTLSFilesTests {
    func problems(_ store: String, path: String = "/etc/wirewatch/wirewatch.yaml", home: String = TestHome.empty) -> [String] {
        StoreURLTLSTests().problems(store, path: path, home: home)
    }

    /// libpq's files in `~/.postgresql/`, taken when the URL names none: root.crt under verify-ca, verify-full and
    /// require (which it makes verify-ca, as libpq does), never under prefer; postgresql.crt and .key under any TLS mode.
    @Test func libpqsHomeFilesAreTakenWhenTheURLNamesNone() throws {
        let home = try makeTemporaryDirectory("tls-home").path
        let dot = home + "/.postgresql"
        try FileManager.default.createDirectory(atPath: dot, withIntermediateDirectories: true)
        let ca = try TestCertificateAuthority("root", in: dot)
        let client = try ca.issue("postgresql", commonName: "ww")
        #expect(ca.certificate == dot + "/root.crt" && client.certificate == dot + "/postgresql.crt" && client.key == dot + "/postgresql.key")
        func read(_ query: String, home: String? = home) -> Result<PostgresTLS, PostgresURLOptions.Problem> {
            PostgresURLOptions.read(URLComponents(string: "postgres://ww@db/ww?\(query)")!.queryItems ?? [], home: home).map(\.tls)
        }
        let mine = PostgresTLS.ClientCertificate(certificate: client.certificate, key: client.key)
        let everything = [client.certificate, client.key, ca.certificate]
        #expect(try read("sslmode=verify-full").get() == PostgresTLS(mode: .verifyFull, roots: .file(ca.certificate), clientCertificate: mine, homeFiles: everything))
        #expect(try read("sslmode=verify-ca").get() == PostgresTLS(mode: .verifyCA, roots: .file(ca.certificate), clientCertificate: mine, homeFiles: everything))
        #expect(try read("sslmode=require").get() == PostgresTLS(mode: .verifyCA, roots: .file(ca.certificate), clientCertificate: mine, homeFiles: everything))
        #expect(try read("sslmode=prefer").get() == PostgresTLS(mode: .prefer, clientCertificate: mine, homeFiles: [client.certificate, client.key]))
        #expect(try read("sslmode=disable").get() == PostgresTLS(mode: .disable))
        // What the URL names wins; the other half of a client pair may come from home.
        let other = try TestCertificateAuthority("other", in: home)
        #expect(try read("sslmode=verify-full&sslrootcert=\(other.certificate)").get()
                == PostgresTLS(mode: .verifyFull, roots: .file(other.certificate), clientCertificate: mine, homeFiles: [client.certificate, client.key]))
        #expect(try read("sslmode=verify-full&sslcert=\(client.certificate)").get()
                == PostgresTLS(mode: .verifyFull, roots: .file(ca.certificate), clientCertificate: mine, homeFiles: [client.key, ca.certificate]))
        // A certificate without its key is an error, as in libpq.
        try FileManager.default.removeItem(atPath: client.key)
        func refusal(_ result: Result<PostgresTLS, PostgresURLOptions.Problem>) -> String? {
            if case .failure(let problem) = result { return problem.description }
            return nil
        }
        #expect(refusal(read("sslmode=require")) == "\(client.certificate) (libpq's default sslcert) is there but not its key, \(client.key): "
                                                    + "put the key there, or name both with sslcert and sslkey")
        // Over a Unix socket, where TLS never applies, home's files are not looked for (review of pgtls2, finding 1).
        let overSocket = PostgresURLOptions.read(URLComponents(string: "postgres://ww@db/ww?host=/run/postgresql")!.queryItems ?? [], home: home)
        #expect(try overSocket.get().tls.homeFiles == [], "\(overSocket)")
        // No home files: verify-* says where it looked.
        let empty = try makeTemporaryDirectory("tls-nohome").path
        #expect(refusal(read("sslmode=verify-full", home: empty))
                == "sslmode=verify-full needs sslrootcert: the CA file that signed the server's certificate (sslrootcert=/etc/…/root.crt), "
                   + "or sslrootcert=system for the system's trust store; libpq's default, \(empty)/.postgresql/root.crt, is not there either")
        #expect(try read("sslmode=require", home: empty).get() == PostgresTLS(mode: .require))
    }

    /// libpq checks the server's certificate against `~/.postgresql/root.crl` whenever it verifies with a CA file;
    /// the store cannot, so the file there is refused with sslcrl's reason where libpq would read it, and only there.
    @Test func libpqsDefaultRevocationListIsRefusedWhereLibpqWouldCheckIt() throws {
        let ca = try TestCertificateAuthority("ca", in: makeTemporaryDirectory("tls-crl").path)
        let list = "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n"
        let crlOnly = try TestHome.make("crl-home")
        try list.write(toFile: crlOnly + "/.postgresql/root.crl", atomically: true, encoding: .utf8)
        let withRoot = try TestHome.make("crl-root-home", postgresql: ["root.crt": ca.certificate])
        try list.write(toFile: withRoot + "/.postgresql/root.crl", atomically: true, encoding: .utf8)
        func refusal(_ home: String) -> String {
            "'store': \(home)/.postgresql/root.crl (libpq's default sslcrl, which libpq checks the server's certificate against) is not supported: "
            + "the TLS library the store uses (swift-nio-ssl, through postgres-nio) cannot check a certificate revocation list, and a list not "
            + "checked would protect nothing: to stop trusting a revoked server certificate, take its CA out of sslrootcert and give the server "
            + "a certificate from a new CA; then remove \(home)/.postgresql/root.crl"
        }
        let cases: [(String, String, [String])] = [
            ("sslmode=verify-full&sslrootcert=\(ca.certificate)", crlOnly, [refusal(crlOnly)]),
            ("sslmode=verify-ca&sslrootcert=\(ca.certificate)", crlOnly, [refusal(crlOnly)]),
            ("sslrootcert=\(ca.certificate)", crlOnly, [refusal(crlOnly)]),
            // require with libpq's root.crt is verify-ca, and libpq reads the list beside it.
            ("sslmode=require", withRoot, [refusal(withRoot)]),
            ("sslmode=verify-full", withRoot, [refusal(withRoot)]),
            // Nothing verified, nothing to check against the list. (libpq loads root.crt, and the list beside it, under prefer
            // too; the store reads no CA file under prefer, so it has no list to refuse.)
            ("sslmode=require", crlOnly, []),
            ("sslmode=prefer", withRoot, []),
            ("", withRoot, []),
            // libpq reads no revocation list with the system's CAs.
            ("sslrootcert=system", crlOnly, []),
            // Over a Unix socket no file in home is looked for.
            ("host=/run/postgresql&sslmode=verify-full&sslrootcert=\(ca.certificate)", crlOnly, []),
        ]
        for (query, home, expected) in cases {
            #expect(problems("'postgres://ww:s3cret@db/ww?\(query)'", home: home) == expected, "\(query) in \(home)")
        }
    }

    /// libpq refuses a client key that group or others may use, unless it is root's and at most 0640: so does the
    /// store, in one line naming the file, its mode and the fix. The store's user reads it either way (root here).
    @Test func aClientKeyOpenToOthersIsRefusedAsLibpqRefusesIt() throws {
        let dir = try makeTemporaryDirectory("tls-keymode").path
        let ca = try TestCertificateAuthority("ca", in: dir)
        let client = try ca.issue("client", commonName: "ww")
        func check(_ mode: mode_t, owner: uid_t? = nil, key: String = client.key, query: String? = nil) -> [String] {
            chmod(key, mode)
            if let owner { chown(key, owner, gid_t(getgid())) }
            return problems("'postgres://ww:s3cret@db/ww?\(query ?? "sslmode=require&sslcert=\(client.certificate)&sslkey=\(key)")'")
        }
        func refusal(_ mode: String, _ key: String = client.key) -> [String] {
            ["'store': sslkey: \(key) has mode \(mode), open to group or others, and libpq refuses such a key (0600 or less, or 0640 owned by root): chmod 600 \(key)"]
        }
        #expect(check(0o600) == [])
        #expect(check(0o400) == [])
        #expect(check(0o644) == refusal("0644"))
        #expect(check(0o604) == refusal("0604"))
        let owner = getuid()
        #expect(check(0o640) == (owner == 0 ? [] : refusal("0640")))
        #expect(check(0o660) == refusal("0660"))
        if owner == 0 {
            // Owned by another user than root, 0640 is refused too (libpq's rule: only root's key may be its group's).
            #expect(check(0o640, owner: 65534) == refusal("0640"))
            #expect(check(0o600, owner: 65534) == [])
            chown(client.key, 0, 0)
        }
        // libpq's default key in the home directory, by the same rule.
        let home = try TestHome.make("keymode-home", postgresql: ["postgresql.crt": client.certificate, "postgresql.key": client.key])
        chmod(home + "/.postgresql/postgresql.key", 0o644)
        #expect(problems("'postgres://ww:s3cret@db/ww?sslmode=require'", home: home)
                == refusal("0644", home + "/.postgresql/postgresql.key"))
    }
}
