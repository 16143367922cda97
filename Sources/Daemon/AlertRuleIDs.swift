import Foundation
import Rules
import YAMLFiles

extension DaemonConfig {
    /// The rule ids an alert of this config can carry: its rule files' (read, not compiled, so the
    /// analysis data is not needed) and the daemon's own (`wirewatch/feed-broken`). For `tail --rule`,
    /// which showed nothing, silently, for an id no rule has. `complete` is false when a rule file
    /// cannot be read or does not parse: an id it holds may then be missing from `ids`. `unlisted` says why
    /// the rules directory cannot be listed at all (then `ids` says nothing of which rules there are).
    public func alertRuleIDs() -> (ids: [String], complete: Bool, unlisted: String?) {
        var ids = [BrokenFeedAlarm.rule]
        var isDirectory: ObjCBool = false
        if (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) == nil {
            let why = !FileManager.default.fileExists(atPath: rulesDirectory, isDirectory: &isDirectory) ? "does not exist"
                : !isDirectory.boolValue ? "is not a directory" : "cannot be read (as \(NSUserName()))"
            return (ids, false, why)
        }
        var complete = true
        for path in WatchSetup.ruleFilePaths(in: rulesDirectory) {
            guard let text = try? YAMLFile.text(atPath: path, what: "rule file", directoryHint: "") else {
                complete = false
                continue
            }
            // A syntax error may hide a rule's id; any other mistake (a misspelt severity) leaves every id read.
            if (try? YAMLFile(path: path, text: text)) == nil { complete = false }
            ids += RuleFile(path: path, text: text).rules.map(\.id)
        }
        return (ids, complete, nil)
    }
}
