import Foundation

/// A throwaway CA made with the openssl tool, and the certificates it signs: what a TLS test server
/// and its clients need, with no file of the machine's trusted.
public struct TestCertificateAuthority: Sendable {
    public let directory: String
    /// The CA's certificate (PEM): the bundle a client trusts this CA's certificates with.
    public let certificate: String
    private let key: String

    /// A new CA, its files in `directory` (named after `name`); `subject` as openssl's `-subj` takes it
    /// (`/DC=corp/CN=Issuing CA`), else `/CN=wirewatch test CA NAME`.
    public init(_ name: String, in directory: String, subject: String? = nil) throws {
        self.directory = directory
        certificate = "\(directory)/\(name).crt"
        key = "\(directory)/\(name).key"
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key, "-out", certificate, "-days", "2", "-subj", subject ?? "/CN=wirewatch test CA \(name)"])
    }

    /// An intermediate CA signed by this one (`basicConstraints=CA:TRUE`), its files `NAME.crt` and `NAME.key`
    /// in this CA's directory: what signs a server's certificate in a chain of three.
    public func intermediate(_ name: String) throws -> TestCertificateAuthority {
        let (cert, key, request) = ("\(directory)/\(name).crt", "\(directory)/\(name).key", "\(directory)/\(name).csr")
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key, "-out", request, "-subj", "/CN=wirewatch test intermediate CA \(name)"])
        let extensions = "\(directory)/\(name).ext"
        try "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", request, "-CA", certificate, "-CAkey", self.key, "-set_serial",
                          String(UInt32.random(in: 1...UInt32.max)), "-days", "2", "-extfile", extensions, "-out", cert])
        return TestCertificateAuthority(directory: directory, certificate: cert, key: key)
    }

    private init(directory: String, certificate: String, key: String) {
        self.directory = directory
        self.certificate = certificate
        self.key = key
    }

    /// A certificate for `commonName` and `alternativeNames` (as openssl writes them: `IP:127.0.0.1`,
    /// `DNS:localhost`), signed by this CA; its files are `NAME.crt` and `NAME.key` (mode 0600). With
    /// `expired`, its validity ended a day before it began (openssl 3.0 has no -not_after; `-days -1` does this).
    public func issue(_ name: String, commonName: String, alternativeNames: [String] = [], expired: Bool = false) throws -> (certificate: String, key: String) {
        let (cert, key, request) = ("\(directory)/\(name).crt", "\(directory)/\(name).key", "\(directory)/\(name).csr")
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key, "-out", request, "-subj", "/CN=\(commonName)"])
        var signing = ["x509", "-req", "-in", request, "-CA", certificate, "-CAkey", self.key,
                       "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", expired ? "-1" : "2", "-out", cert]
        if !alternativeNames.isEmpty {
            let extensions = "\(directory)/\(name).ext"
            try "subjectAltName=\(alternativeNames.joined(separator: ","))\n".write(toFile: extensions, atomically: true, encoding: .utf8)
            signing += ["-extfile", extensions]
        }
        try Self.openssl(signing)
        chmod(key, 0o600)
        return (cert, key)
    }

    /// How a key file is encrypted: PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, what `openssl pkcs8 -topk8` writes),
    /// or the traditional PEM form (`Proc-Type: 4,ENCRYPTED`, what `openssl ec -aes256` writes).
    public enum KeyEncryption: String, Sendable, CaseIterable { case pkcs8, traditional }

    /// `key` encrypted with `passphrase` (AES-256-CBC), written beside it as `NAME.FORM.key` (mode 0600).
    public static func encrypt(key: String, passphrase: String, as form: KeyEncryption) throws -> String {
        let out = key.replacingOccurrences(of: ".key", with: ".\(form.rawValue).key")
        switch form {
        case .pkcs8: try Self.openssl(["pkcs8", "-topk8", "-in", key, "-out", out, "-v2", "aes-256-cbc", "-passout", "pass:\(passphrase)"])
        case .traditional: try Self.openssl(["ec", "-in", key, "-out", out, "-aes256", "-passout", "pass:\(passphrase)"])
        }
        chmod(out, 0o600)
        return out
    }

    private static func openssl(_ arguments: [String]) throws {
        try PostgresServer.run("/usr/bin/openssl", arguments)
    }
}
