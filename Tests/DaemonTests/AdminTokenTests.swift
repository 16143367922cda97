import Delivery
import WirewatchCore
import Foundation
import Testing
import TestSupport
@testable import Daemon

/// The admin token is read from its credential file by the same rule as every
/// other secret: only the line breaks at either end are dropped.
@Suite struct AdminTokenTests {
    @Test func theAdminTokenIsTrimmedAsEverySecretIs() throws {
        let dir = try makeTemporaryDirectory("credentials").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("\r\n\tto ken \r\n".utf8).write(to: dir.appendingPathComponent("admin-token"))
        let environment = ["CREDENTIALS_DIRECTORY": dir.path]
        let admin = try ConfigLoader.adminToken(environment)
        let secret = try SecretSource.credential("admin-token").resolve(environment: environment).value
        #expect(admin == secret)
        #expect(admin == "\tto ken ")
    }

    /// Taken for no token, it would leave a loopback admin endpoint open without a word.
    @Test func aCredentialOfLineBreaksOnlyIsRefused() throws {
        let dir = try makeTemporaryDirectory("credentials").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("\n\r\n".utf8).write(to: dir.appendingPathComponent("admin-token"))
        #expect(throws: OperatorFileError.self) { try ConfigLoader.adminToken(["CREDENTIALS_DIRECTORY": dir.path]) }
        #expect(try ConfigLoader.adminToken(["CREDENTIALS_DIRECTORY": ""]) == nil)
    }
}
