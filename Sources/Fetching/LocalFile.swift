import Foundation
import WirewatchCore

/// Why the file a `file:` URL names cannot be read as a feed, in the system's words, or nil when it
/// can (or the URL names no file). libcurl says "Couldn't open file PATH" whatever the reason, and
/// reads a directory as an empty body.
enum LocalFile {
    static func problem(url: String) -> String? {
        guard let u = URL(string: url), u.isFileURL, !u.path.isEmpty else { return nil }
        do {
            // Non-blocking: a FIFO must not hold the fetcher's thread until a writer comes.
            _ = try OperatorFile.opened(u.path, what: "feed file", directoryHint: "a file: url names a feed file",
                                        nonBlocking: true)
            return nil
        } catch {
            return "\(error.file): \(error.message)"
        }
    }
}
