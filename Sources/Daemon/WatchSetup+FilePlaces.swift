import Foundation
import WirewatchCore
import YAMLFiles

extension WatchSetup {
    /// The files of a config (one that loads) that the user running this could
    /// not write, the store and each alert log, at where the config names them.
    /// For `check`, which the unit runs as the daemon's user before every start.
    /// `permission` problems are this user's only: an operator checking rules as
    /// themself may not write the daemon's directories, and that is no mistake
    /// in the config.
    public static func unwritablePlaces(configPath: String) -> (problems: [Diagnostic], permission: [Diagnostic]) {
        let reading = ConfigLoader.read(path: configPath)
        guard let config = reading.config else { return ([], []) }
        var found: (problems: [Diagnostic], permission: [Diagnostic]) = ([], [])
        func add(_ problem: (message: String, permission: Bool)?, at: SourcePosition?, _ prefix: String) {
            guard let problem else { return }
            let d = Diagnostic(file: config.path, line: at?.line ?? 1, column: at?.column ?? 1, message: prefix + problem.message)
            if problem.permission { found.permission.append(d) } else { found.problems.append(d) }
        }
        add(FilePlace.unwritable((config.storePath as NSString).standardizingPath, what: "the store", beside: "make its files beside it"), at: reading.storeAt, "'store': ")
        for sink in config.sinks {
            guard case .alertLog(let path) = sink.kind else { continue }
            add(FilePlace.unwritable((path as NSString).standardizingPath, what: "the alert log"), at: reading.sinkPathsAt[sink.id], "sink '\(sink.id)': ")
        }
        return found
    }
}
