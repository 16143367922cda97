import Foundation
import Testing
import TestSupport
@testable import Daemon

/// What makes the daemon notice that the rule files changed.
@Suite struct RulesFingerprintTests {
    /// Rules kept elsewhere (a git checkout, a Kubernetes ConfigMap) and linked
    /// into rules.d: an edit changes the file behind the link, not the link.
    @Test func anEditBehindASymlinkIsAChange() throws {
        let dir = try makeTemporaryDirectory()
        let rules = dir.appendingPathComponent("rules.d")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let real = dir.appendingPathComponent("policy.yaml")
        try "rules:\n  - id: a\n    query: x\n".write(to: real, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("policy.yaml").path, withDestinationPath: real.path)
        let before = RulesFingerprint.of(directory: rules.path)
        try "rules:\n  - id: a\n    query: x\n  - id: b\n    query: y\n".write(to: real, atomically: true, encoding: .utf8)
        #expect(RulesFingerprint.of(directory: rules.path) != before)
    }

    /// A file made readable (or unreadable) is worth another try without an edit.
    @Test func aChangeOfPermissionsIsAChange() throws {
        let dir = try makeTemporaryDirectory()
        let file = dir.appendingPathComponent("policy.yaml")
        try "rules: []\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let before = RulesFingerprint.of(directory: dir.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(RulesFingerprint.of(directory: dir.path) != before)
    }

    @Test func nothingChangedIsNoChange() throws {
        let dir = try makeTemporaryDirectory()
        try "rules: []\n".write(to: dir.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        #expect(RulesFingerprint.of(directory: dir.path) == RulesFingerprint.of(directory: dir.path))
    }
}
