import Foundation
import WirewatchCore

/// Rules tried before they go live: `--rules PATH` of `check`, `rules test` and `rules backtest`, read instead of
/// the config's `rules:` directory, which the running daemon reloads within seconds of an edit. PATH is a rule file
/// (of any name) or a directory whose `*.yaml` and `*.yml` directly in it are read, as the config's `rules:` is.
/// What is wrong in a file is said as for the live files (`file:line:column`); a PATH that cannot be tried is
/// refused when it is named, in one line.
public struct DraftRules: Sendable {
    /// As the operator wrote it: the rule files' diagnostics name it so.
    public let path: String
    /// The rule files to read, in name order for a directory.
    let files: [String]
    /// The directory the files are in: what to move a directory named `x.yaml` out of.
    let directory: String

    public init(path: String) throws(DraftRulesError) {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            guard let listing = opendir(path) else {
                throw DraftRulesError(file: path, "directory of rule files cannot be read: \(String(cString: strerror(errno)))")
            }
            closedir(listing)
            files = WatchSetup.ruleFilePaths(in: path)
            directory = path
            if files.isEmpty {
                throw DraftRulesError(file: path, "directory holds no rule file to try; only files ending in .yaml or .yml directly in it are read")
            }
            return
        }
        // Opened, so that the reason is the system's own: missing, a link to nothing, or not readable.
        do { _ = try OperatorFile.opened(path, what: "rule file", directoryHint: nil, missingHint: Self.hint) } catch {
            throw DraftRulesError(file: error.file, error.message)
        }
        files = [path]
        directory = (path as NSString).deletingLastPathComponent
    }

    static let hint = "--rules names a rule file or a directory of rule files"
}

/// Why `--rules PATH` cannot be tried, in one line that names PATH.
public struct DraftRulesError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}
