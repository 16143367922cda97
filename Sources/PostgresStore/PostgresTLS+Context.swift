import Foundation
import PostgresNIO
import WirewatchCore

/// The files the TLS options name, read into the driver's TLS context: the config check and the
/// connection both read them here, so they fail alike.
extension PostgresTLS {
    /// Why the files the options name cannot be used (missing, unreadable, not PEM, a key not the
    /// certificate's, an encrypted key without its passphrase); nil when they can, or when there are none.
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
            configuration.privateKey = .privateKey(try Self.privateKey(client))
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            // The key was read above: refused now, it does not match the certificate (BoringSSL's KEY_VALUES_MISMATCH).
            if let client = clientCertificate, case NIOSSLError.failedToLoadPrivateKey = error {
                throw .init("sslkey: \(client.key) is not the key of the certificate in \(client.certificate)")
            }
            throw .init("the TLS settings cannot be used: \(error)")
        }
    }

    /// The client's key: PEM, unencrypted or encrypted (PKCS#8's `ENCRYPTED PRIVATE KEY`, or the traditional
    /// `Proc-Type: 4,ENCRYPTED`) with the passphrase in sslpassword. Every reason names the key's file, never the passphrase.
    private static func privateKey(_ client: ClientCertificate) throws(PostgresURLOptions.Problem) -> NIOSSLPrivateKey {
        let bytes = try contents(client.key, option: "sslkey")
        let text = String(decoding: bytes, as: UTF8.self)
        let encrypted = text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")
        guard encrypted else {
            // libpq ignores sslpassword for a key that needs none; so does the store.
            let key: NIOSSLPrivateKey
            do { key = try NIOSSLPrivateKey(bytes: bytes, format: .pem) } catch { throw .init("sslkey: \(client.key) holds no PEM private key") }
            // A file that is no key at all is said as such first; a key is then judged by who may read it.
            try requireKeyPrivate(client.key)
            return key
        }
        try requireKeyPrivate(client.key)
        guard let passphrase = client.passphrase else {
            throw .init("sslkey: \(client.key) is encrypted: give its passphrase as sslpassword \(Self.passphraseSources)")
        }
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem) { (set: NIOSSLPassphraseSetter<[UInt8]>) in set(Array(passphrase.value.utf8)) }
        } catch {
            throw .init("sslkey: \(client.key) cannot be decrypted with the passphrase in sslpassword (a wrong passphrase, or a cipher BoringSSL does not read)")
        }
    }

    /// libpq's rule for a client key: nothing for group or others, unless the file is root's, whose group may read
    /// it (0640: a key shared through a group); libpq refuses any other, and so does the store, at check and at connect.
    static func requireKeyPrivate(_ path: String) throws(PostgresURLOptions.Problem) {
        var status = stat()
        // Read just now: a file gone since fails at its next read, with its own reason.
        guard stat(path, &status) == 0 else { return }
        let mode = status.st_mode & 0o777
        let exposed = status.st_uid == 0 ? mode & (S_IWGRP | S_IXGRP | S_IRWXO) : mode & (S_IRWXG | S_IRWXO)
        guard exposed == 0 else {
            throw .init("sslkey: \(path) has mode \(String(format: "%04o", UInt32(mode))), open to group or others, and libpq refuses such a key "
                        + "(0600 or less, or 0640 owned by root): chmod 600 \(path)")
        }
    }

    /// The PEM certificates in `path`, or a one-line reason naming the option and the file.
    static func certificates(_ path: String, option: String) throws(PostgresURLOptions.Problem) -> [NIOSSLCertificate] {
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
