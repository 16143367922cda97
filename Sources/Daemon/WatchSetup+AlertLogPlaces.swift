import Foundation
import WirewatchCore

extension WatchSetup {
    /// The alert logs of a config (one that loads) that the user running this
    /// could not write, each at its sink's `path`. For `check`, which the unit
    /// runs as the daemon's user before every start.
    public static func unwritableAlertLogs(configPath: String) -> [Diagnostic] {
        let reading = ConfigLoader.read(path: configPath)
        guard let config = reading.config else { return [] }
        return config.sinks.compactMap { sink in
            guard case .alertLog(let path) = sink.kind, let problem = AlertLogPlace.unwritable((path as NSString).standardizingPath) else { return nil }
            let at = reading.sinkPathsAt[sink.id]
            return Diagnostic(file: config.path, line: at?.line ?? 1, column: at?.column ?? 1, message: "sink '\(sink.id)': \(problem)")
        }
    }
}
