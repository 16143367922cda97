import Foundation
import Logging
import Synchronization
import WirewatchCore

/// Reloads config and rules off the hot path: loads and validates the whole
/// setup beside the running one, and swaps it in only if it is valid. A
/// reload that fails keeps the old setup and logs every problem, one line
/// each, as file:line:column.
final class SetupReloader: Sendable {
    private let configPath: String
    private let current: CurrentSetup
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let onOutcome: @Sendable (_ ok: Bool) -> Void
    /// Called with the feeds the new setup no longer has.
    private let onSwap: @Sendable (_ removedFeeds: Set<FeedID>) -> Void
    private let serial = Mutex<Void>(())
    /// The rule files as they were at the last reload attempt.
    private let loadedRules: Mutex<RulesFingerprint>
    /// Loads and validates a setup (the config at the path, the feeds in force): `WatchSetup.load`, or a test's
    /// wrapper of it that edits a rule file while it runs.
    typealias Load = @Sendable (_ configPath: String, _ feedsInForce: [FeedConfig]) -> Result<WatchSetup, Diagnostics>
    private let load: Load
    /// What the settings read only at start are, whatever reloads took since: these alone, not the start's whole
    /// config, which every feed and sink would keep alive for the daemon's life (review-configside, 10).
    private let started: StartOnlySettings

    init(configPath: String, current: CurrentSetup, notifier: SystemdNotifier, logger: Logger,
         onOutcome: @escaping @Sendable (_ ok: Bool) -> Void, onSwap: @escaping @Sendable (_ removedFeeds: Set<FeedID>) -> Void,
         load: @escaping Load = { WatchSetup.load(configPath: $0, feedsInForce: $1) }) {
        self.configPath = configPath
        self.load = load
        self.current = current
        self.notifier = notifier
        self.logger = logger
        self.onOutcome = onOutcome
        self.onSwap = onSwap
        loadedRules = Mutex(RulesFingerprint.of(directory: current.setup.config.rulesDirectory))
        started = StartOnlySettings(current.setup.config)
    }

    var rulesFingerprint: RulesFingerprint { loadedRules.withLock { $0 } }

    /// Reloads now; returns whether the new setup was taken. `ready` sends READY=1, with the STATUS= line,
    /// once done.
    @discardableResult
    func reload(reason: String, ready: @Sendable () -> Void) -> Bool {
        defer {
            // After the lock's scope, where the old setup (unless a poll still
            // holds it) and the new one's garbage were freed.
            HeapPolicy.giveBackFreedPages()
        }
        return serial.withLock { _ in
            notifier.reloading()
            logger.info("reloading config and rules", metadata: ["reason": "\(reason)"])
            let before = current.setup
            // Looked at before the files are read: a file saved while they are read differs from it, and the
            // watcher reloads again. Looked at after, such a save was taken as loaded, and the daemon ran the old
            // rule until some other change (trial4 finding 14).
            let seen = RulesFingerprint.of(directory: before.config.rulesDirectory)
            loadedRules.withLock { $0 = seen }
            let ok: Bool
            // A feed's file that became a directory refuses the daemon's start, not a reload of the feed in
            // force: its polls say it. A feed the edit adds there is refused, as the next start would.
            let loaded = load(configPath, before.config.feeds).flatMap { next in
                let missing = next.secretsOnlyARestartProvides()
                return missing.isEmpty ? .success(next) : .failure(Diagnostics(missing))
            }
            switch loaded {
            case .failure(let diagnostics):
                logger.error("reload rejected; the previous config and rules stay in force",
                             metadata: ["problems": "\(diagnostics.items.count)"])
                for d in diagnostics.items { logger.error("\(d)") }
                ok = false
            case .success(let next):
                for d in next.warnings { logger.warning("\(d)") }
                warnAboutRestartOnly(before.config, next.config)
                current.replace(with: next)
                // A rules directory the edit moved to is looked at now: a save into it during this load is the
                // one case left, as before.
                let moved = next.config.rulesDirectory != before.config.rulesDirectory
                loadedRules.withLock { $0 = moved ? RulesFingerprint.of(directory: next.config.rulesDirectory) : seen }
                var metadata: Logger.Metadata = ["feeds": "\(next.config.feeds.count)", "rules": "\(next.rules.rules.count)",
                                                 "rule_files": "\(next.ruleFiles.count)"]
                for (k, v) in RuleChanges(from: before.rules.rules, to: next.rules.rules).metadata { metadata[k] = "\(v)" }
                logger.info("reloaded", metadata: metadata)
                onSwap(Set(before.config.feeds.map(\.id)).subtracting(next.config.feeds.map(\.id)))
                ok = true
            }
            onOutcome(ok)
            ready()
            return ok
        }
    }

    /// Settings that the running process cannot change under itself, and the sinks it changes.
    private func warnAboutRestartOnly(_ oldConfig: DaemonConfig, _ newConfig: DaemonConfig) {
        // Judged against what the daemon runs with, not only the config before: an edit reverted by the next
        // reload was told to need a restart (trial2 finding 26). Said when this reload changed the setting.
        let (old, new) = (StartOnlySettings(oldConfig), StartOnlySettings(newConfig))
        let changed = Set(old.differences(from: new))
        let pending = started.differences(from: new).filter(changed.contains)
        let reverted = started.differences(from: old).filter { changed.contains($0) && !pending.contains($0) }
        if !pending.isEmpty {
            logger.warning("these settings changed and take effect at the next restart",
                           metadata: ["settings": "\(pending.joined(separator: ","))"])
        }
        if !reverted.isEmpty {
            logger.notice("these settings are back to what the daemon runs with; no restart is needed for them",
                          metadata: ["settings": "\(reverted.joined(separator: ","))"])
        }
        guard oldConfig.sinks != newConfig.sinks else { return }
        let before = Dictionary(oldConfig.sinks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(newConfig.sinks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var metadata: Logger.Metadata = [:]
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let edited = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        for (key, ids) in [("sinks_added", added), ("sinks_removed", removed), ("sinks_edited", edited)] where !ids.isEmpty {
            metadata[key] = "\(ids.joined(separator: ","))"
        }
        // The delivery crew applies it once the swap is done; its own lines say when each sink starts or stops.
        // On a shared store the daemons whose configs have the sink deliver what it had pending (operations.md,
        // "Keep the configs alike"); said so, not "dead-lettered", which sent the operator to the dead letters.
        let removedPending = newConfig.store.filePath == nil
            ? "what it had pending is left to the daemons whose configs have it"
            : "what it had pending is dead-lettered"
        logger.notice("sinks changed: an added sink starts delivering (what waits for it too), an edited one delivers with its new settings from its next attempt, a removed one stops and \(removedPending)",
                      metadata: metadata)
    }
}
