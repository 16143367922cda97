import Daemon
import YAMLFiles

/// The one line `rules test` and `rules backtest` give for a rule id the
/// rules do not have: the id meant, if one is close; the ids, if they are
/// few; else where they are.
func unknownRule(_ id: String, in setup: WatchSetup, configPath: String) -> String {
    let ids = setup.rules.rules.map(\.id)
    if let near = YAMLReader.nearest(id, in: ids) { return "\(configPath): no rule '\(id)'; did you mean '\(near)'?" }
    if ids.count <= 10 { return "\(configPath): no rule '\(id)'; rules are \(ids.joined(separator: ", "))" }
    return "\(configPath): no rule '\(id)' among its \(ids.count) rules; the ids are the 'id:' lines in \(setup.config.rulesDirectory)"
}
