import Foundation

/// When the file under the sink's path changes: its own rotation by size, logrotate moving the log
/// (`create`) or copying and emptying it (`copytruncate`), a SIGUSR1 to reopen, a log deleted or
/// replaced by hand. What the sink knows of the lines written follows the files (`LoggedAlerts`).
extension AlertLogSink {
    /// The log at the path is another file than the one whose lines the sink knows, or that file
    /// shrank (from `oldSize`). When the log is empty and what the sink knew is `.1` now, it moves along:
    /// after its own rotation or logrotate's `create` (`.1` is that file), or after `copytruncate`
    /// (`.1` is a copy of it: as long as the file was, and a copy byte for byte, so every place
    /// holds the same line; each match is confirmed by reading its line anyway). After anything
    /// else (a log deleted, replaced or emptied by hand) the files are read again.
    func followFiles(_ opened: FileIdentity, shrankFrom oldSize: Int?) {
        defer { learntFile = opened }
        guard learnt, let known = learntFile, known != opened || oldSize != nil else { return }
        var previous = stat()
        let movedToPrevious = stat(path + ".1", &previous) == 0
            && (known == opened ? Int(previous.st_size) == oldSize : FileIdentity(previous) == known)
        if size == 0, movedToPrevious {
            logged.rotated(bytes: Int(previous.st_size))
        } else {
            logged.forget()
            learnt = false
        }
    }

    /// Closes the file so the next write opens the path anew (after logrotate moved it: SIGUSR1).
    public func reopen() { letGoOfFile() }

    /// The log is whatever file `path` names now: a log deleted, or moved away by logrotate
    /// (`create`) with no SIGUSR1 after, would otherwise take every later alert with it,
    /// marked delivered. A log truncated in place (`copytruncate`) is the same file, but
    /// its size is read again so that rotation by size counts what is really there, and what
    /// the sink knew moves to `.1` when the copy is as long as the log was, else is read again.
    /// The old file is synced as it is let go: a sync that fails takes this batch's lines back
    /// out of it, and `flush()` says retry, so they are written again to the new one.
    func followPath() {
        guard fd >= 0 else { return }
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0 else { return }
        if stat(path, &named) != 0 || FileIdentity(named) != FileIdentity(open) {
            return letGoOfFile()
        }
        // Emptied in place: `open()` tells it, as it does after a SIGUSR1.
        if Int(open.st_size) < size { return letGoOfFile() }
        size = Int(open.st_size)
        syncedSize = min(syncedSize, size)
    }

    /// Syncs and closes: a sync that fails takes the unsynced lines back out of the file first.
    func letGoOfFile() {
        _ = syncIfNeeded()
        close()
    }

    /// `alerts.jsonl` → `.1` → `.2` … the oldest beyond `keep` is removed.
    func rotate() throws {
        if case .retry(let reason, _) = syncIfNeeded() { throw AlertLogError(reason) }
        close()
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(options.keep)")
        for i in stride(from: options.keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(i)") {
            guard rename("\(path).\(i)", "\(path).\(i + 1)") == 0 else { throw AlertLogError("cannot rotate \(path).\(i): \(Self.errno())") }
        }
        guard rename(path, "\(path).1") == 0 else { throw AlertLogError("cannot rotate \(path): \(Self.errno())") }
        // What the sink knows stays known: the lines are in `.1` now (`followFiles`).
        try open()
    }
}

/// Which file a descriptor or a path is, whatever its name now.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
    init(_ st: stat) { (device, inode) = (UInt64(st.st_dev), UInt64(st.st_ino)) }
}
