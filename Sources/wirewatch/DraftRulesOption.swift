import ArgumentParser
import Daemon

/// `--rules PATH` of `check`, `rules test` and `rules backtest`: a draft rule file, or a directory of them,
/// tried instead of the config's `rules:` directory, which the running daemon reloads within seconds of an edit.
struct DraftRulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A rule file (any name) or a directory of rule files (*.yaml, *.yml) to read instead of the config's 'rules:' directory, "
            + "so that a draft is tried before it goes live; everything else comes from the config.",
        valueName: "path"))
    var path: String?

    /// The draft named, or nil; a PATH that cannot be tried fails the command in one line that names it.
    func draft() throws -> DraftRules? {
        guard let path else { return nil }
        do { return try DraftRules(path: path) } catch { throw fail(error.description) }
    }
}
