import Foundation

/// A file named on the command line, read whole; when it cannot be, the message says why
/// ("No such file or directory", "Is a directory", "Permission denied").
enum InputFile {
    static func read(_ path: String) -> Result<Data, InputFileError> {
        if let data = FileManager.default.contents(atPath: path) { return .success(data) }
        return .failure(InputFileError(description: "\(path): cannot read: \(reason(path))"))
    }

    /// Foundation says only that the read failed; the file system says why.
    private static func reason(_ path: String) -> String {
        var st = stat()
        if stat(path, &st) != 0 { return String(cString: strerror(errno)) }
        if st.st_mode & S_IFMT == S_IFDIR { return String(cString: strerror(EISDIR)) }
        let fd = open(path, O_RDONLY)
        if fd < 0 { return String(cString: strerror(errno)) }
        close(fd)
        return "read failed"
    }
}

struct InputFileError: Error, CustomStringConvertible {
    var description: String
}
