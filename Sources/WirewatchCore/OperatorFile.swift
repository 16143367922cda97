import Foundation

/// Reads a small file an operator points the config at (a webhook template, a
/// systemd credential). Only regular files up to `limit` bytes are read: a
/// path to `/dev/zero`, a FIFO or a huge file is refused with a reason
/// instead of hanging `wirewatch check` or filling memory.
public enum OperatorFile {
    public static func read(_ path: String, limit: Int = 1 << 20) throws(OperatorFileError) -> Data {
        let handle: FileHandle, st: stat
        // The error names the file by its path: "PATH does not exist". No advice to
        // make it readable by all: the file may be a credential.
        do { (handle, st) = try opened(path, what: path, directoryHint: nil, nonBlocking: true, permissionHint: false) } catch {
            throw OperatorFileError(error.message)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw OperatorFileError("\(path) is not a regular file") }
        guard st.st_size <= limit else { throw OperatorFileError("\(path) is larger than \(limit) bytes") }
        // One byte past the limit, in case the file grew since fstat().
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw OperatorFileError("\(path) cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= limit else { throw OperatorFileError("\(path) is larger than \(limit) bytes") }
        return data
    }
}

public struct OperatorFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
