import Foundation

extension OperatorFile {
    /// The bytes of a file an operator names (the config, a rule file, an
    /// article for `rules test`), whatever its size, or one diagnostic that
    /// says why not and what to do: missing (a link to nothing is named as
    /// such), a directory, or unreadable with the system's reason. `what`
    /// names the file ("rule file"); `missingHint` and `directoryHint` say
    /// what to do when it is missing or a directory.
    /// `regularOnly`: anything but a regular file is refused, not read (a FIFO named `x.yaml` in the rules
    /// directory hung `check` and the daemon's reload until something wrote to it, and a link to /dev/zero was
    /// said in Foundation's words; trial4 finding 31). An article on the command line may be a pipe
    /// (`rules test <(curl …)`).
    public static func contents(atPath path: String, what: String, directoryHint: String,
                                missingHint: String? = nil, regularOnly: Bool = false) throws(Diagnostic) -> Data {
        // Looked at before it is opened: opening a device may act (a tape rewinds, a watchdog arms).
        var before = stat()
        if regularOnly, stat(path, &before) == 0, (before.st_mode & S_IFMT) != S_IFREG, (before.st_mode & S_IFMT) != S_IFDIR {
            throw problem(path, what, "is not a regular file (a FIFO, a device or a socket); give a file, or remove it")
        }
        let (handle, status) = try opened(path, what: what, directoryHint: directoryHint, missingHint: missingHint, nonBlocking: regularOnly)
        if regularOnly, (status.st_mode & S_IFMT) != S_IFREG {
            throw problem(path, what, "is not a regular file (a FIFO, a device or a socket); give a file, or remove it")
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw problem(path, what, "cannot be read: \(error.localizedDescription)")
        }
    }

    /// `path` opened for reading, with what fstat says of it, or why not.
    /// Opened first, so that every reason is the system's own: asking first
    /// whether the file exists answers "no" for a directory on the way that
    /// may not be searched. `nonBlocking` opens a FIFO without waiting for a
    /// writer, for a caller that refuses it. `permissionHint` says, when the
    /// file may not be read, to let everyone read it: right for a rule file or
    /// the config, wrong for a credential.
    public static func opened(_ path: String, what: String, directoryHint: String?, missingHint: String? = nil,
                       nonBlocking: Bool = false, permissionHint: Bool = true) throws(Diagnostic) -> (handle: FileHandle, status: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0))
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT {
                // Listed in its directory, yet not there: a link whose target is gone.
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                    throw problem(path, what, "is a link to \(target), which does not exist")
                }
                throw problem(path, what, "does not exist" + (missingHint.map { "; \($0)" } ?? ""))
            }
            let hint = code == EACCES && permissionHint ? "; let the user wirewatch runs as read it (chmod a+r, and a+x on its directories)" : ""
            throw problem(path, what, "cannot be read: \(String(cString: strerror(code)))\(hint)")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw problem(path, what, "cannot be read: \(String(cString: strerror(errno)))") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic(file: path, line: 1, column: 1, message: directoryProblem(what: what, directoryHint: directoryHint))
        }
        return (handle, st)
    }

    /// What is said of a directory where `what` should be: by `opened`, and by a check that finds it before opening.
    public static func directoryProblem(what: String, directoryHint: String?) -> String {
        "\(what) is a directory, not a file" + (directoryHint.map { "; \($0)" } ?? "")
    }

    private static func problem(_ path: String, _ what: String, _ message: String) -> Diagnostic {
        Diagnostic(file: path, line: 1, column: 1, message: "\(what) \(message)")
    }
}
