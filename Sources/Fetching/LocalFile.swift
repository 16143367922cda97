import Foundation
import WirewatchCore

/// Why the file a `file:` URL names cannot be read as a feed, in the system's words, or nil when it
/// can (or the URL names no file). libcurl says "Couldn't open file PATH" whatever the reason, and
/// reads a directory as an empty body.
public enum LocalFile {
    static func problem(url: String) -> String? {
        guard let u = URL(string: url), u.isFileURL, !u.path.isEmpty else { return nil }
        do {
            // Non-blocking: a FIFO must not hold the fetcher's thread until a writer comes.
            _ = try OperatorFile.opened(u.path, what: what, directoryHint: directoryHint, nonBlocking: true)
            return nil
        } catch {
            return "\(error.file): \(error.message)"
        }
    }

    /// What `check` says of a `file:` feed that names a directory, in the words a poll of it fails
    /// with: the operator meets one mistake under one description, at load or at a poll.
    public static func directoryProblem(path: String) -> String {
        "\(path): \(OperatorFile.directoryProblem(what: what, directoryHint: directoryHint))"
    }

    private static let what = "feed file"
    private static let directoryHint = "a file: url names a feed file"
}
