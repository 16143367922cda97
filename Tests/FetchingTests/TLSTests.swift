import Fetching
import Foundation
import Testing
import TestSupport

/// A certificate and key for 127.0.0.1 that no CA vouches for, made with the openssl tool.
func makeSelfSignedCertificate() async throws -> (cert: String, key: String) {
    let dir = try makeTemporaryDirectory("wirewatch-tls")
    let (cert, key) = (dir.appendingPathComponent("cert.pem").path, dir.appendingPathComponent("key.pem").path)
    let keygen = try ChildProcess("/usr/bin/openssl", arguments: [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"])
    guard await keygen.wait() == 0 else { throw TLSServerError(output: keygen.stderr) }
    return (cert, key)
}

/// `openssl s_server` with a self-signed certificate: a real TLS server no CA vouches for.
final class SelfSignedTLSServer {
    let process: ChildProcess
    let port: Int
    /// The certificate's PEM file: a CA bundle that trusts this server.
    let certificate: String

    init() async throws {
        let (cert, key) = try await makeSelfSignedCertificate()
        certificate = cert
        process = try ChildProcess("/usr/bin/openssl", arguments: ["s_server", "-accept", "0", "-cert", cert, "-key", key, "-www"])
        let out = process
        // A child process: at load 18 it can take seconds to start and print its port.
        guard await eventually(timeout: 60, { out.stdout.contains("ACCEPT") }),
              let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
              let port = Int(line.split(separator: ":").last ?? "") else {
            throw TLSServerError(output: process.stdout + process.stderr)
        }
        self.port = port
    }

    var url: String { "https://127.0.0.1:\(port)/" }
}

struct TLSServerError: Error { var output: String }

@Suite struct TLSTests {
    static let fetcher = Fetcher()

    @Test func untrustedCertificateIsATLSError() async throws {
        let server = try await SelfSignedTLSServer()
        let r = await Self.fetcher.fetch(FetchRequest(url: server.url))
        #expect(r.error?.category == .tls)
        #expect(r.error?.message.contains("certificate") == true)
    }

    @Test func aFeedMayTurnVerificationOff() async throws {
        let server = try await SelfSignedTLSServer()
        let r = await Self.fetcher.fetch(FetchRequest(url: server.url, verifyTLS: false))
        #expect(r.error == nil)
        #expect(r.status == 200)
    }
}
