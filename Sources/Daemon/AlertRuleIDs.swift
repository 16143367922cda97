import Foundation
import Rules
import YAMLFiles

extension DaemonConfig {
    /// The rule ids an alert of this config can carry: its rule files' (read, not compiled, so the
    /// analysis data is not needed) and the daemon's own (`wirewatch/feed-broken`). For `tail --rule`,
    /// which showed nothing, silently, for an id no rule has. `complete` is false when a rule file
    /// cannot be read or does not parse: an id it holds may then be missing from `ids`.
    public func alertRuleIDs() -> (ids: [String], complete: Bool) {
        var ids = [BrokenFeedAlarm.rule]
        // A rules directory that cannot be listed says nothing of which rules there are.
        var complete = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) != nil
        for path in WatchSetup.ruleFilePaths(in: rulesDirectory) {
            guard let text = try? YAMLFile.text(atPath: path, what: "rule file", directoryHint: "") else {
                complete = false
                continue
            }
            // A syntax error may hide a rule's id; any other mistake (a misspelt severity) leaves every id read.
            if (try? YAMLFile(path: path, text: text)) == nil { complete = false }
            ids += RuleFile(path: path, text: text).rules.map(\.id)
        }
        return (ids, complete)
    }
}
