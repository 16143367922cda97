import Foundation
import Logging
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// A rule file saved while a reload reads the files: the reload takes what it read, and the watcher must see the
/// save as not loaded yet. The files were looked at after the load, so the save was taken as loaded, and the
/// daemon ran the old rule until some other change (trial4 finding 14: `severity: critical` in the file, alerts
/// raised `high` for seven minutes).
@Suite struct ReloadDuringEditTests {
    @Test func aRuleFileSavedDuringAReloadIsReloadedAfterIt() throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let setup = try WatchSetup.load(configPath: install.configPath).get()
        let current = CurrentSetup(setup)
        let ruleFile = install.dir.appendingPathComponent("rules.d/rules.yaml")
        let edited = TestInstall.defaultRules.replacingOccurrences(of: "severity: high", with: "severity: critical")
        let reloader = SetupReloader(
            configPath: install.configPath, current: current, notifier: SystemdNotifier(environment: [:]),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, onOutcome: { _ in }, onSwap: { _ in },
            load: { path, feeds in
                let loaded = WatchSetup.load(configPath: path, feedsInForce: feeds)
                // Saved once the files were read, before the reload ends.
                try? edited.write(to: ruleFile, atomically: true, encoding: .utf8)
                return loaded
            })
        let taken = reloader.reload(reason: "test", ready: {})
        #expect(taken)
        #expect(current.setup.rules.rules.first?.severity == .high, "the reload took what it read")
        let rulesDirectory = current.setup.config.rulesDirectory
        #expect(reloader.rulesFingerprint != RulesFingerprint.of(directory: rulesDirectory),
                "the save after the read is not taken as loaded: the watcher reloads again")
    }
}
