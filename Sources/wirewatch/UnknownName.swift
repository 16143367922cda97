import Daemon
import YAMLFiles

/// The one line `rules test` and `rules backtest` give for a rule or feed id
/// the setup does not have: the id meant, if one is close; the ids, if they
/// are few; else where they are written.
func unknownName(_ what: String, _ id: String, among ids: [String], configPath: String, writtenIn place: String) -> String {
    if let near = YAMLReader.nearest(id, in: ids) { return "\(configPath): no \(what) '\(id)'; did you mean '\(near)'?" }
    if ids.count <= 10 { return "\(configPath): no \(what) '\(id)'; \(what)s are \(ids.joined(separator: ", "))" }
    return "\(configPath): no \(what) '\(id)' among its \(ids.count) \(what)s; the ids are the 'id:' lines in \(place)"
}

/// `draft`: the `--rules` the rules were read from, named instead of the config.
func unknownRule(_ id: String, in setup: WatchSetup, configPath: String, draft: DraftRules?) -> String {
    unknownName("rule", id, among: setup.rules.rules.map(\.id), configPath: draft?.path ?? configPath,
                writtenIn: draft?.path ?? setup.config.rulesDirectory)
}
