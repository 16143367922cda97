import Foundation

extension OperatorFile {
    /// The bytes of a file an operator names (the config, a rule file, an
    /// article for `rules test`), whatever its size, or one diagnostic that
    /// says why not and what to do: missing (a link to nothing is named as
    /// such), a directory, or unreadable with the system's reason. `what`
    /// names the file ("rule file"); `missingHint` and `directoryHint` say
    /// what to do when it is missing or a directory.
    public static func contents(atPath path: String, what: String, directoryHint: String,
                                missingHint: String? = nil) throws(Diagnostic) -> Data {
        func problem(_ message: String) -> Diagnostic { Diagnostic(file: path, line: 1, column: 1, message: "\(what) \(message)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // Listed in its directory, yet not there: a link whose target is gone.
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                throw problem("is a link to \(target), which does not exist")
            }
            throw problem("does not exist" + (missingHint.map { "; \($0)" } ?? ""))
        }
        if isDirectory.boolValue { throw problem("is a directory, not a file; \(directoryHint)") }
        // The system's reason comes from the failed open itself.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            let hint = code == EACCES ? "; let the user wirewatch runs as read it (chmod a+r)" : ""
            throw problem("cannot be read: \(String(cString: strerror(code)))\(hint)")
        }
        do {
            return try FileHandle(fileDescriptor: fd, closeOnDealloc: true).readToEnd() ?? Data()
        } catch {
            throw problem("cannot be read: \(error.localizedDescription)")
        }
    }
}
