import Foundation
import PostgresStore
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// TLS to PostgreSQL as libpq's options ask for it: what `check` accepts, and the exact words of what
/// it refuses (options that do not go together, CA and client files that cannot be used), never the password.
@Suite struct StoreURLTLSTests {
    /// libpq's default CA file in the tests' empty home, named in the error when verify-* has no sslrootcert.
    static let libpqRoot = TestHome.empty + "/.postgresql/root.crt"
    var libpqRoot: String { Self.libpqRoot }

    func problems(_ store: String, path: String = "/etc/wirewatch/wirewatch.yaml", home: String = TestHome.empty) -> [String] {
        guard case .failure(let d) = StoreLocationTests().parse(store, path: path, home: home) else { return [] }
        #expect(!d.description.contains("s3cret"))
        return d.items.map(\.message)
    }

    /// A TLS path with an '@' in it (written as is, or as %40) is a path, at check and at run alike; in a
    /// URL with no user before its host an '@' may be the end of a password with a '?', and both refuse it.
    @Test func anAtSignInATLSPathIsReadTheSameByCheckAndRun() throws {
        let dir = try makeTemporaryDirectory("tls-at").path + "/pg@prod"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ca = try TestCertificateAuthority("root", in: dir)
        for path in [ca.certificate, ca.certificate.replacingOccurrences(of: "@", with: "%40")] {
            let url = "postgres://ww:s3cret@db/ww?sslmode=verify-full&sslrootcert=\(path)"
            #expect(problems("'\(url)'") == [], "\(url)")
            #expect(PostgresURL.readable(url)?.queryItems?.first { $0.name == "sslrootcert" }?.value == ca.certificate, "\(url)")
        }
        let userless = "postgres://db/ww?sslmode=verify-full&sslrootcert=\(ca.certificate)"
        #expect(PostgresURL.readable(userless) == nil)
        #expect(problems("'\(userless)'").first?.hasPrefix("'store': the PostgreSQL URL cannot be read") == true)
    }

    /// What each accepted URL asks for: libpq's meanings, prefer when nothing is said.
    @Test func theOptionsMeanWhatTheyMeanToLibpq() throws {
        let ca = try TestCertificateAuthority("ca", in: makeTemporaryDirectory("tls-options").path)
        let client = try ca.issue("client", commonName: "ww")
        let cases: [(String, PostgresTLS)] = [
            ("", PostgresTLS(mode: .prefer)),
            ("sslmode=disable", PostgresTLS(mode: .disable)),
            ("sslmode=prefer", PostgresTLS(mode: .prefer)),
            ("sslmode=require", PostgresTLS(mode: .require)),
            ("sslmode=require&sslrootcert=\(ca.certificate)", PostgresTLS(mode: .verifyCA, roots: .file(ca.certificate))),
            ("sslrootcert=\(ca.certificate)", PostgresTLS(mode: .verifyCA, roots: .file(ca.certificate))),
            ("sslmode=verify-ca&sslrootcert=\(ca.certificate)", PostgresTLS(mode: .verifyCA, roots: .file(ca.certificate))),
            ("sslmode=verify-full&sslrootcert=\(ca.certificate)", PostgresTLS(mode: .verifyFull, roots: .file(ca.certificate))),
            ("sslrootcert=system", PostgresTLS(mode: .verifyFull, roots: .system)),
            ("sslmode=require&sslcert=\(client.certificate)&sslkey=\(client.key)",
             PostgresTLS(mode: .require, clientCertificate: .init(certificate: client.certificate, key: client.key))),
        ]
        for (query, expected) in cases {
            let url = "postgres://ww:s3cret@db.example/wirewatch" + (query.isEmpty ? "" : "?\(query)")
            let config = try StoreLocationTests().parse("'\(url)'").get()
            guard case .postgres(let location) = config.store else { Issue.record("not PostgreSQL: \(url)"); continue }
            #expect(location.url == url)
            let read = try PostgresURLOptions.read(URLComponents(string: url)?.queryItems ?? [], home: TestHome.empty).get()
            #expect(read.tls == expected, "\(query)")
        }
        // Over a Unix socket TLS does not apply (libpq ignores sslmode there): accepted, and not used.
        let socket = try PostgresURLOptions.read(URLComponents(string: "postgres:///ww?host=/run/postgresql&sslmode=require")!.queryItems!,
                                                 home: TestHome.empty).get()
        #expect(socket.socketDirectory == "/run/postgresql" && socket.tls.mode == .require)
        #expect(problems("'postgres:///wirewatch?host=/run/postgresql&sslmode=require'") == [])
    }

    @Test func optionsThatDoNotGoTogetherAreRefusedInWords() {
        let needsRoot = "sslmode=verify-ca needs sslrootcert: the CA file that signed the server's certificate (sslrootcert=/etc/…/root.crt), or sslrootcert=system for the system's trust store; libpq's default, \(libpqRoot), is not there either"
        let cases: [(String, String)] = [
            ("sslmode=allow", "sslmode=allow is not supported (it sends the password without TLS whenever the server allows it): use sslmode=prefer, the default, which uses TLS when the server offers it, or sslmode=disable"),
            ("sslmode=requre", "sslmode=requre is not one of disable, prefer, require, verify-ca, verify-full"),
            ("sslmode=", "sslmode= is not one of disable, prefer, require, verify-ca, verify-full"),
            ("sslmode=verify-ca", needsRoot),
            ("sslmode=require&sslcert=/etc/ww/client.crt", "sslcert needs sslkey, the client certificate's private key"),
            ("sslkey=/etc/ww/client.key", "sslkey needs sslcert, the client certificate it is the key of"),
            ("sslmode=verify-ca&sslrootcert=system", "sslrootcert=system needs sslmode=verify-full (the system's CAs vouch for any name: only checking the name makes them mean something)"),
            ("sslmode=verify-full&sslrootcert=certs/root.crt", "sslrootcert must be an absolute path to a PEM file of CA certificates, or 'system' (got 'certs/root.crt')"),
            ("sslmode=require&sslcert=client.crt&sslkey=/k", "sslcert must be an absolute path to a PEM file (got 'client.crt')"),
            ("sslmode=disable&sslrootcert=/etc/ww/root.crt", "sslrootcert with sslmode=disable would not be used: remove it, or ask for TLS (sslmode=require or stronger)"),
            ("sslmode=prefer&sslrootcert=/etc/ww/root.crt", "sslrootcert with sslmode=prefer: a server whose certificate does not verify would be used without TLS; use sslmode=verify-full (or verify-ca)"),
            ("sslmode=require&sslmode=disable", "'sslmode' is given twice in the URL's query"),
            ("sslnegotiation=direct", "'sslnegotiation' in the URL's query is not supported: the store reads host= (a Unix socket directory), sslmode, sslrootcert, sslcert, sslkey and sslpassword"),
            ("host=db.example", "host= in the URL's query names a Unix socket directory, an absolute path (got 'db.example'); a server's name goes in the URL, as in postgres://wirewatch@db.example/wirewatch"),
            ("requiressl=1", "'requiressl' in the URL's query is not supported: the store reads host= (a Unix socket directory), sslmode, sslrootcert, sslcert, sslkey and sslpassword"),
        ]
        for (query, message) in cases {
            #expect(problems("'postgres://ww:s3cret@db/ww?\(query)'") == ["'store': \(message)"], "\(query)")
        }
    }

    /// The CA and client files are read at check: a missing, unreadable or non-PEM file, or a key that is
    /// not the certificate's, is an error at the `store:` value's line and column.
    @Test func filesThatCannotBeUsedAreErrorsAtTheStoreLine() throws {
        let dir = try makeTemporaryDirectory("tls-files").path
        let ca = try TestCertificateAuthority("ca", in: dir)
        let client = try ca.issue("client", commonName: "ww")
        let other = try ca.issue("other", commonName: "ww")
        let notPEM = dir + "/notes.txt"
        try "not a certificate\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        // A FIFO would block the read until a writer came, /dev/zero would be read until memory ran out.
        let fifo = dir + "/key.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [(String, String)] = [
            ("sslmode=require&sslcert=\(client.certificate)&sslkey=\(fifo)", "sslkey: \(fifo) is not a regular file"),
            ("sslmode=verify-full&sslrootcert=/dev/zero", "sslrootcert: /dev/zero is not a regular file"),
            ("sslmode=verify-full&sslrootcert=\(dir)/missing.crt", "sslrootcert: \(dir)/missing.crt does not exist"),
            ("sslmode=verify-full&sslrootcert=\(notPEM)", "sslrootcert: \(notPEM) holds no PEM certificate"),
            ("sslmode=verify-full&sslrootcert=\(dir)", "sslrootcert: \(dir) is a directory, not a file"),
            ("sslmode=require&sslcert=\(notPEM)&sslkey=\(client.key)", "sslcert: \(notPEM) holds no PEM certificate"),
            ("sslmode=require&sslcert=\(client.certificate)&sslkey=\(notPEM)", "sslkey: \(notPEM) holds no PEM private key"),
            ("sslmode=require&sslcert=\(client.certificate)&sslkey=\(dir)/none.key", "sslkey: \(dir)/none.key does not exist"),
            ("sslmode=require&sslcert=\(client.certificate)&sslkey=\(other.key)", "sslkey: \(other.key) is not the key of the certificate in \(client.certificate)"),
        ]
        for (query, message) in cases {
            guard case .failure(let d) = StoreLocationTests().parse("{ url: 'postgres://ww:s3cret@db/ww?\(query)' }") else {
                Issue.record("accepted: \(query)"); continue
            }
            #expect(d.items.map(\.message) == ["'store': \(message)"], "\(query)")
            #expect(d.items.first?.line == 1 && d.items.first?.column == 15, "\(query)")
            #expect(d.description.contains("wirewatch.yaml:1:15"), "\(d.description)")
            #expect(!d.description.contains("s3cret"))
        }
    }

    /// sslpassword: in the URL, or in `sslpassword_file` beside `url` (read as `password_file` is). An encrypted
    /// key without it, or with a wrong one, is an error at the store's line naming the key file; the
    /// passphrase is never printed, and the store's description hides it.
    @Test func anEncryptedKeyIsCheckedWithItsPassphrase() throws {
        let dir = try makeTemporaryDirectory("tls-passphrase").path
        let ca = try TestCertificateAuthority("ca", in: dir)
        let client = try ca.issue("client", commonName: "ww")
        let key = try TestCertificateAuthority.encrypt(key: client.key, passphrase: "s3cret-key", as: .pkcs8)
        let passFile = dir + "/key-pass"
        try "s3cret-key\n".write(toFile: passFile, atomically: true, encoding: .utf8)
        let wrongFile = dir + "/wrong-pass"
        try "s3cret-wrong\n".write(toFile: wrongFile, atomically: true, encoding: .utf8)
        let base = "postgres://ww:s3cret@db/ww?sslmode=require&sslcert=\(client.certificate)&sslkey=\(key)"
        let cannot = "'store': sslkey: \(key) cannot be decrypted with the passphrase in sslpassword (a wrong passphrase, or a cipher BoringSSL does not read)"
        let cases: [(String, [String])] = [
            ("'\(base)&sslpassword=s3cret-key'", []),
            ("{ url: '\(base)', sslpassword_file: \(passFile) }", []),
            ("'\(base)'", ["'store': sslkey: \(key) is encrypted: give its passphrase as sslpassword (in the URL, or in 'sslpassword_file' beside 'url')"]),
            ("'\(base)&sslpassword=s3cret-nope'", [cannot]),
            ("{ url: '\(base)', sslpassword_file: \(wrongFile) }", [cannot]),
            ("{ url: '\(base)&sslpassword=s3cret-key', sslpassword_file: \(passFile) }",
             ["'store': the URL has sslpassword and 'sslpassword_file' gives another; keep the one in the file"]),
            ("{ url: '\(base)', sslpassword_file: \(dir)/none }", ["'sslpassword_file' in 'store': \(dir)/none does not exist"]),
            ("{ path: \(dir)/state.sqlite, sslpassword_file: \(passFile) }",
             ["'sslpassword_file' in 'store' goes with 'url' (a PostgreSQL store): it is the passphrase of the client key in its sslkey"]),
            ("'postgres://ww@db/ww?sslmode=require&sslpassword=s3cret-key'",
             ["'store': sslpassword goes with sslcert and sslkey: it is the passphrase of the client certificate's key"]),
        ]
        for (store, expected) in cases {
            #expect(problems(store) == expected, "\(store)")
        }
        // The passphrase from the file reaches the connection's URL, and no description of the store.
        let config = try StoreLocationTests().parse("{ url: '\(base)', sslpassword_file: \(passFile) }").get()
        guard case .postgres(let location) = config.store else { Issue.record("not PostgreSQL"); return }
        #expect(location.connectionURL().contains("sslpassword=s3cret%2Dkey"))
        #expect(!"\(location) \(config.store) \(String(reflecting: location))".contains("s3cret"))
        let inURL = PostgresLocation(url: base + "&sslpassword=s3cret-key")
        #expect(!inURL.description.contains("s3cret-key") && inURL.description.contains("sslpassword=[redacted]"), "\(inURL.description)")
        #expect(inURL.redacting("driver said s3cret-key") == "driver said [redacted]")
    }

    /// sslcrl cannot be honoured by the TLS library: refused at check, with why, not ignored.
    @Test func aRevocationListIsRefusedWithWhy() {
        for option in ["sslcrl", "sslcrldir"] {
            #expect(problems("'postgres://ww:s3cret@db/ww?sslmode=verify-full&sslrootcert=system&\(option)=/etc/ww/crl.pem'")
                    == ["'store': \(option) is not supported: the TLS library the store uses (swift-nio-ssl, through postgres-nio) cannot check a "
                        + "certificate revocation list, and a list not checked would protect nothing: to stop trusting a revoked server "
                        + "certificate, take its CA out of sslrootcert and give the server a certificate from a new CA"])
        }
    }

    /// Every secret is one type, printed `[redacted]` however it is printed: the key's passphrase as the store's password.
    @Test func theKeysPassphrasePrintsAsEverySecretDoes() throws {
        let tls = PostgresTLS(mode: .require, clientCertificate: .init(certificate: "/c.crt", key: "/c.key", passphrase: Secret("s3cret-pass")))
        var dumped = ""
        dump(tls, to: &dumped)
        for printed in ["\(tls)", String(reflecting: tls), dumped, "\(tls.clientCertificate!.passphrase!)"] {
            #expect(printed.contains("[redacted]") && !printed.contains("s3cret"), "\(printed)")
        }
    }
}
