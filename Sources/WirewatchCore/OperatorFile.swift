import Foundation

/// Reads a small file an operator points the config at (a webhook template, a
/// systemd credential). Only regular files up to `limit` bytes are read: a
/// path to `/dev/zero`, a FIFO or a huge file is refused with a reason
/// instead of hanging `wirewatch check` or filling memory.
public enum OperatorFile {
    public static func read(_ path: String, limit: Int = 1 << 20) throws(OperatorFileError) -> Data {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw OperatorFileError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw OperatorFileError("\(path) is not a regular file") }
        guard st.st_size <= limit else { throw OperatorFileError("\(path) is larger than \(limit) bytes") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OperatorFileError("cannot read \(path)") }
        defer { try? handle.close() }
        // Read one byte past the limit, in case the file grew since stat().
        let data = (try? handle.read(upToCount: limit + 1)) ?? nil
        guard let data else { throw OperatorFileError("cannot read \(path)") }
        guard data.count <= limit else { throw OperatorFileError("\(path) is larger than \(limit) bytes") }
        return data
    }
}

public struct OperatorFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
