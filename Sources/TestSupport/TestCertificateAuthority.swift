import Foundation

/// A throwaway CA made with the openssl tool, and the certificates it signs: what a TLS test server
/// and its clients need, with no file of the machine's trusted.
public struct TestCertificateAuthority: Sendable {
    public let directory: String
    /// The CA's certificate (PEM): the bundle a client trusts this CA's certificates with.
    public let certificate: String
    private let key: String

    /// A new CA, its files in `directory` (named after `name`).
    public init(_ name: String, in directory: String) throws {
        self.directory = directory
        certificate = "\(directory)/\(name).crt"
        key = "\(directory)/\(name).key"
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=wirewatch test CA \(name)"])
    }

    /// A certificate for `commonName` and `alternativeNames` (as openssl writes them: `IP:127.0.0.1`,
    /// `DNS:localhost`), signed by this CA; its files are `NAME.crt` and `NAME.key` (mode 0600).
    public func issue(_ name: String, commonName: String, alternativeNames: [String] = []) throws -> (certificate: String, key: String) {
        let (cert, key, request) = ("\(directory)/\(name).crt", "\(directory)/\(name).key", "\(directory)/\(name).csr")
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key, "-out", request, "-subj", "/CN=\(commonName)"])
        var signing = ["x509", "-req", "-in", request, "-CA", certificate, "-CAkey", self.key,
                       "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2", "-out", cert]
        if !alternativeNames.isEmpty {
            let extensions = "\(directory)/\(name).ext"
            try "subjectAltName=\(alternativeNames.joined(separator: ","))\n".write(toFile: extensions, atomically: true, encoding: .utf8)
            signing += ["-extfile", extensions]
        }
        try Self.openssl(signing)
        chmod(key, 0o600)
        return (cert, key)
    }

    private static func openssl(_ arguments: [String]) throws {
        try PostgresServer.run("/usr/bin/openssl", arguments)
    }
}
