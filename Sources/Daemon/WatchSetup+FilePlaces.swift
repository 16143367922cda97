import Foundation
import WirewatchCore

extension WatchSetup {
    /// The alert logs of a config (one that loads) that the user running this
    /// could not write, each at its sink's `path`. For `check`, which the unit
    /// runs as the daemon's user before every start. `permission` problems are
    /// this user's only: an operator checking rules as themself may not write
    /// the daemon's log directory, and that is no mistake in the config.
    public static func unwritableAlertLogs(configPath: String) -> (problems: [Diagnostic], permission: [Diagnostic]) {
        let reading = ConfigLoader.read(path: configPath)
        guard let config = reading.config else { return ([], []) }
        var found: (problems: [Diagnostic], permission: [Diagnostic]) = ([], [])
        for sink in config.sinks {
            guard case .alertLog(let path) = sink.kind, let problem = AlertLogPlace.unwritable((path as NSString).standardizingPath) else { continue }
            let at = reading.sinkPathsAt[sink.id]
            let d = Diagnostic(file: config.path, line: at?.line ?? 1, column: at?.column ?? 1, message: "sink '\(sink.id)': \(problem.message)")
            if problem.permission { found.permission.append(d) } else { found.problems.append(d) }
        }
        return found
    }
}
