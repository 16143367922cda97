import Foundation
import WirewatchCore

/// A file named on the command line (a feed for `parse`, an article for
/// `analyze` and `rules test`, an OPML list), read whole as `check` reads a
/// rule file, as bytes; when it cannot be, one line says why and what to do:
/// `PATH: feed does not exist`, `… is a directory, not a file; …`, or the
/// system's reason.
enum InputFile {
    static func read(_ path: String, what: String, hint: String) -> Result<Data, InputFileError> {
        do {
            return .success(try OperatorFile.contents(atPath: path, what: what, directoryHint: hint, missingHint: hint))
        } catch {
            return .failure(InputFileError(description: "\(error.file): \(error.message)"))
        }
    }
}

struct InputFileError: Error, CustomStringConvertible {
    var description: String
}
