import Daemon
import Delivery
import Foundation

/// `tail --rule` with an id no rule has showed nothing, exit 0, and `tail -f` waited forever
/// (trial finding 25). The ids are judged against the config's rule files.
struct TailRules {
    var patterns: [String]
    var configPath: String

    /// The one line for each pattern no rule id matches (a trailing `*` matches a prefix): the id
    /// meant, if one is close, as `rules test` says it.
    static func unmatched(_ patterns: [String], among ids: [String], configPath: String, rulesDirectory: String) -> [String] {
        patterns.compactMap { pattern in
            // What the filter of the alerts takes, so that the two never disagree.
            guard !ids.contains(where: { AlertFilter.matches(rule: $0, pattern: pattern) }) else { return nil }
            guard pattern.hasSuffix("*") else {
                return unknownName("rule", pattern, among: ids, configPath: configPath, writtenIn: rulesDirectory)
            }
            let prefix = pattern.dropLast()
            return "\(configPath): no rule id starts with '\(prefix)'" + (ids.count <= 10 ? "; rules are \(ids.joined(separator: ", "))" : "")
        }
    }

    /// Refuses an id no rule has when the log is the config's own (`config` read, no `--log`), its rule
    /// files were read whole and the log showed none of its alerts. Only warns, once each, when alerts were
    /// shown (a rule renamed or removed since), when `--log` names the log (it may be another config's) or a
    /// rule file could not be read whole; warns once when there is no config to judge against.
    func judge(_ config: DaemonConfig?, logGiven: Bool, shown: Bool = false) throws {
        guard !patterns.isEmpty else { return }
        guard let config else {
            warn("--rule is not checked against any rule files: \(configPath) \(FileManager.default.fileExists(atPath: configPath) ? "cannot be read" : "does not exist") (--config names the config)")
            return
        }
        let known = config.alertRuleIDs()
        // Every id would be "no rule" against a directory that cannot be listed (configcli review, low 2).
        if let why = known.unlisted {
            warn("--rule is not checked against any rule files: rules directory \(config.rulesDirectory) \(why) ('rules' in \(configPath) names it)")
            return
        }
        let lines = Self.unmatched(patterns, among: known.ids, configPath: configPath, rulesDirectory: config.rulesDirectory)
        guard !lines.isEmpty else { return }
        if !logGiven, known.complete, !shown { throw fail(lines.joined(separator: "\n")) }
        let why = shown ? "the log's alerts of it are shown: a rule renamed or removed since?"
            : logGiven ? "its alerts are shown if the log has any" : "a rule file could not be read whole, and it may be there"
        for line in lines { warn("\(line) (\(why))") }
    }
}
