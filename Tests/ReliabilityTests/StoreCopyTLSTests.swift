import Foundation
import Store
import Testing
import TestSupport
import WirewatchCore

/// `store copy --to` a PostgreSQL server that takes the role only with a client certificate whose key is
/// encrypted: the passphrase comes from `--sslpassword-file`, read as the config's `sslpassword_file` is.
@Suite struct StoreCopyTLSTests {
    @Test func anEncryptedClientKeysPassphraseComesFromAFile() async throws {
        let postgres = try PostgresServer.sharedTLS()
        let tls = try #require(postgres.tls)
        let install = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")])
        try SQLiteStore(path: install.storePath).save(FeedState(feed: FeedID("f"), url: "http://127.0.0.1:9/f.xml", etag: "\"e1\""))
        let database = String(try #require(URLComponents(string: try postgres.makeDatabase("copytls"))).path.dropFirst())
        let dir = try makeTemporaryDirectory("copy-tls").path
        let plainKey = dir + "/client.key"
        try FileManager.default.copyItem(atPath: tls.clientKey, toPath: plainKey)
        let key = try TestCertificateAuthority.encrypt(key: plainKey, passphrase: "s3cret-pass", as: .pkcs8)
        let passFile = dir + "/key-pass", wrongFile = dir + "/wrong-pass", emptyFile = dir + "/empty-pass"
        try "s3cret-pass\n".write(toFile: passFile, atomically: true, encoding: .utf8)
        try "s3cret-nope\n".write(toFile: wrongFile, atomically: true, encoding: .utf8)
        try "\n".write(toFile: emptyFile, atomically: true, encoding: .utf8)
        let to = postgres.tcpURL(database: database, host: "localhost", user: PostgresServer.TLSFiles.clientUser,
                                 query: "sslmode=verify-full&sslrootcert=\(tls.authority)&sslcert=\(tls.clientCertificate)&sslkey=\(key)")
        func copy(_ extra: [String], to target: String = to) async throws -> (Int32, String, String) {
            try await ChildProcess.run(["store", "copy", "--config", install.configPath, "--to", target] + extra)
        }

        // Refused, each in one line, the passphrase never said.
        let cannot = "--to: sslkey: \(key) cannot be decrypted with the passphrase in sslpassword (a wrong passphrase, or a cipher BoringSSL does not read)\n"
        let (wrong, _, wrongSaid) = try await copy(["--sslpassword-file", wrongFile])
        #expect(wrong == 1 && wrongSaid == cannot, "\(wrongSaid)")
        let (empty, _, emptySaid) = try await copy(["--sslpassword-file", emptyFile])
        #expect(empty == 1 && emptySaid == "--sslpassword-file: \(emptyFile) holds no passphrase\n", "\(emptySaid)")
        let (twice, _, twiceSaid) = try await copy(["--sslpassword-file", passFile], to: to + "&sslpassword=s3cret-pass")
        #expect(twice == 64 && twiceSaid.hasPrefix("Error: --to has sslpassword and --sslpassword-file gives another; keep the one in the file\n"),
                "\(twiceSaid)")
        let shared = try DaemonInstall(feeds: [("f", "http://127.0.0.1:9/f.xml")], store: "'postgres://watch@127.0.0.1:1/news'")
        let (alone, _, aloneSaid) = try await ChildProcess.run(["store", "copy", "--config", shared.configPath, "--from", install.storePath,
                                                                "--sslpassword-file", passFile])
        #expect(alone == 64 && aloneSaid.hasPrefix("Error: --sslpassword-file goes with --to; the config's store has its own sslpassword_file\n"),
                "\(aloneSaid)")
        // Without the passphrase, or with one and no client key, the line names --sslpassword-file, not the config's key.
        let (none, _, noneSaid) = try await copy([])
        #expect(none == 64 && noneSaid.hasPrefix("Error: --to: sslkey: \(key) is encrypted: give its passphrase as sslpassword "
                                                  + "(in --to's URL, or with --sslpassword-file FILE)\n"), "\(noneSaid)")
        let keyless = postgres.tcpURL(database: database, host: "localhost", query: "sslmode=verify-full&sslrootcert=\(tls.authority)")
        let (stray, _, straySaid) = try await copy(["--sslpassword-file", passFile], to: keyless)
        #expect(stray == 1 && straySaid == "--to: --sslpassword-file goes with sslcert and sslkey: it is the passphrase of the "
                    + "client certificate's key\n", "\(straySaid)")
        for said in [wrongSaid, emptySaid, twiceSaid, aloneSaid, noneSaid, straySaid] { #expect(!said.contains("s3cret"), "\(said)") }
        #expect(try postgres.psql("SELECT to_regclass('feed_state') IS NULL", database: database).hasPrefix("t"))

        // With the right file: copied, over TLS, as the role the certificate names.
        let (status, out, err) = try await copy(["--sslpassword-file", passFile])
        #expect(status == 0 && out.hasPrefix("copied 1 row from \(install.storePath) to postgres://\(PostgresServer.TLSFiles.clientUser)@localhost"),
                "\(out) \(err)")
        #expect(!out.contains("s3cret") && !err.contains("s3cret"))
        #expect(try postgres.psql("SELECT etag FROM feed_state", database: database).trimmingCharacters(in: .whitespacesAndNewlines) == "\"e1\"")
    }
}
