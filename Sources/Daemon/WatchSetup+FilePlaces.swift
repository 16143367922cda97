import Foundation
import WirewatchCore
import YAMLFiles

extension WatchSetup {
    /// The files of the config that the user running this could not write, the
    /// store and each alert log, at where the config names them. For `check`,
    /// which the unit runs as the daemon's user before every start. `permission`
    /// problems are this user's only: an operator checking rules as themself may
    /// not write the daemon's directories, and that is no mistake in the config.
    public func unwritablePlaces() -> (problems: [Diagnostic], permission: [Diagnostic]) {
        var found: (problems: [Diagnostic], permission: [Diagnostic]) = ([], [])
        func add(_ problem: (message: String, permission: Bool)?, at: SourcePosition?, _ prefix: String) {
            guard let problem else { return }
            let d = Diagnostic(file: config.path, at: at, message: prefix + problem.message)
            if problem.permission { found.permission.append(d) } else { found.problems.append(d) }
        }
        // A log is judged at the path as written: the sink rotates it beside the path it was given, not
        // beside the file a link there points at (standardizingPath would follow it). The store, where its
        // files are made: SQLite makes -wal and -shm beside the file a link points at, and the daemon its lock
        // (StoreLock.lockPath). A PostgreSQL store has no file here.
        if let store = config.store.filePath {
            add(FilePlace.unwritable(FilePlace.resolvingLinks(store), what: "the store", beside: "make its files beside it"),
                at: storeAt, "'store': ")
        }
        for sink in config.sinks {
            guard case .alertLog(let path) = sink.kind else { continue }
            // Built-in rotation renames in the log's directory: the sink needs it. Without it only logrotate
            // would, re-creating a log it moved away, and the directory may be closed on purpose (a log made
            // writable alone by ReadWritePaths under ProtectSystem=strict, a bind-mounted file): said, not refused.
            if sink.log.rotateBytes != nil {
                add(FilePlace.unwritable(path, what: "the alert log", beside: "be rotated or re-created"), at: sinkPathsAt[sink.id], "sink '\(sink.id)': ")
            } else if let file = FilePlace.unwritable(path, what: "the alert log") {
                add(file, at: sinkPathsAt[sink.id], "sink '\(sink.id)': ")
            } else if let directory = FilePlace.unwritable(path, what: "the alert log", beside: "be re-created") {
                add((directory.message, permission: true), at: sinkPathsAt[sink.id], "sink '\(sink.id)': ")
            }
        }
        return found
    }
}
