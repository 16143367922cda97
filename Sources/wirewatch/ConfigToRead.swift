import Daemon
import Foundation
import WirewatchCore

/// The config for a command that only reads it (`feeds`, `tail`, `deliver`, `opml export`): a `file:` feed
/// whose path names a directory now (it may have become one while the daemon runs) is said on standard
/// error and the feed kept, so that the command still shows what it is for; `check` and `run` refuse it.
func configToRead(_ path: String) throws -> DaemonConfig {
    switch ConfigLoader.loadToRead(path: path) {
    case .failure(let d): throw fail(d.description)
    case .success(let read):
        warn(read.warnings)
        return read.config
    }
}

/// The setup for a command that only reads it (`analyze`, `rules test`, `rules backtest`), as `configToRead`.
/// `ruleWarnings`: whether to say the rules' warnings too (what `rules test` runs; not what `analyze` does).
/// `draft`: the rule files of `--rules`, read instead of the config's `rules:` directory.
func setupToRead(_ path: String, ruleWarnings: Bool = true, draft: DraftRules? = nil) throws -> WatchSetup {
    switch WatchSetup.load(configPath: path, toRead: true, draft: draft) {
    case .failure(let d): throw fail(d.description)
    case .success(let setup):
        let rules = Set(ruleWarnings ? [] : setup.rules.warnings)
        warn(setup.warnings.filter { !rules.contains($0) })
        return setup
    }
}

private func warn(_ warnings: [Diagnostic]) {
    for d in warnings { warn("\(d)") }
}
