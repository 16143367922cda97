import Foundation
import Testing
import TestSupport
@testable import Daemon

/// Under systemd a reload took a feed or sink whose `credential:` file was missing, as if it might yet appear;
/// but systemd copies the `LoadCredential=` files into the service's credentials directory as it starts, and
/// that copy does not change: the feed failed at every poll, the sink never started, until a restart
/// (review-configside finding 11). Refused there as an unset variable is; a directory set by hand may change.
@Suite struct SystemdCredentialsReloadTests {
    /// An install whose feed's password, and a webhook's secret, are credentials; a credentials directory `unit`
    /// under `…/credentials/` holding the webhook's only.
    func install() throws -> (install: TestInstall, unit: URL, byHand: URL) {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "    interval: 1s\n", with: "    interval: 1s\n    auth: { user: alice, password: credential:members-pw }\n")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let root = try makeTemporaryDirectory("wirewatch-credentials")
        let unit = root.appendingPathComponent("credentials/wirewatch.service")
        let byHand = root.appendingPathComponent("secrets")
        for dir in [unit, byHand] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        return (install, unit, byHand)
    }

    @Test func aReloadUnderSystemdRefusesACredentialMissingFromItsDirectory() throws {
        let (install, unit, byHand) = try install()
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let systemd = ["INVOCATION_ID": "unit", "CREDENTIALS_DIRECTORY": unit.path]
        let refused = setup.secretsOnlyARestartProvides(environment: systemd)
        #expect(refused.map(\.message) == ["feed 'test-desk': credential:members-pw: \(unit.path)/members-pw does not exist; a running daemon has "
            + "the credentials systemd gave it as it started: add or mend it (LoadCredential=) and restart the daemon"], "\(refused)")
        // A directory the operator set by hand may gain the file: the reload takes it, as before.
        #expect(setup.secretsOnlyARestartProvides(environment: ["INVOCATION_ID": "unit", "CREDENTIALS_DIRECTORY": byHand.path]).isEmpty)
        #expect(setup.secretsOnlyARestartProvides(environment: ["CREDENTIALS_DIRECTORY": unit.path]).isEmpty)
        try "pw".write(to: unit.appendingPathComponent("members-pw"), atomically: true, encoding: .utf8)
        #expect(setup.secretsOnlyARestartProvides(environment: systemd).isEmpty)
    }

    @Test func aReloadUnderSystemdRefusesAFeedURLCredentialThatHoldsNoURL() throws {
        let install = try TestInstall(feedURL: "credential:members-url")
        let (_, unit, _) = try self.install()
        try "news.example/feed.xml".write(to: unit.appendingPathComponent("members-url"), atomically: true, encoding: .utf8)
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        #expect(setup.secretsOnlyARestartProvides(environment: ["INVOCATION_ID": "unit", "CREDENTIALS_DIRECTORY": unit.path]).map(\.message)
            == ["feed 'test-desk': credential:members-url: holds no http:// or https:// URL with a host, as a feed's url must be; a running daemon "
                + "has the credentials systemd gave it as it started: add or mend it (LoadCredential=) and restart the daemon"])
        #expect(setup.secretsOnlyARestartProvides(environment: ["CREDENTIALS_DIRECTORY": unit.path]).isEmpty)
    }
}
