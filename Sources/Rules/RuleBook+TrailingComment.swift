import WirewatchCore
import YAMLFiles

extension RuleBook {
    /// A plain query followed by ` #…` on its line: YAML ends the value there, and what follows is a comment. A query
    /// that then fails (`Microsoft AND #dotnet`: "'AND' needs a clause on its right"; `#OpenAI`: "empty query") is told
    /// why, beside its error; one that compiles is warned of a comment written like a hashtag (`#dotnet`, no space
    /// after '#'), which it does not search for (`C# OR Microsoft #dotnet` ran as `C# OR Microsoft`). A comment that
    /// reads as one (`# the lab`) is meant.
    static func trailingComment(of spec: RuleFile.RuleSpec, in file: RuleFile, failed: Bool) -> Diagnostic? {
        guard spec.queryStyle == .plain, let mark = spec.queryMark,
              let comment = file.yaml?.comment(afterPlain: spec.query, at: mark) else { return nil }
        let quoted = comment.line.map { ": query: '\($0.replacingOccurrences(of: "'", with: "''"))'" } ?? ""
        let said = "rule '\(spec.id)': the query ends where '\(comment.text)' starts: ' #' begins a YAML comment"
        if failed {
            return Diagnostic(file: file.path, at: comment.at, message: "\(said); quote the query whole\(quoted)")
        }
        guard let second = comment.text.unicodeScalars.dropFirst().first, !second.properties.isWhitespace, second != "#" else { return nil }
        return Diagnostic(file: file.path, at: comment.at, message: "\(said), so it is not searched for; to search for it, quote the query whole\(quoted)")
    }
}
