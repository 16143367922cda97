import WirewatchCore
import Yams

/// A YAML file an operator wrote, composed into nodes that remember their
/// position. Syntax errors become a `Diagnostic` naming file, line and column.
public struct YAMLFile {
    public let path: String
    public let root: Node?
    /// The text as read, for positions inside values (`positions(of:)`).
    public let text: String
    /// Where each line starts in `text`.
    let lineStarts: [String.Index]

    public init(path: String, text: String) throws(Diagnostic) {
        self.path = path
        self.text = text
        lineStarts = Self.lineStarts(text)
        do {
            // No implicit typing: everything is read through `YAMLReader`, which
            // reads scalars as text (`string`, `bool`, `int` parse the text
            // themselves). Yams' default resolver types every scalar by regular
            // expression whenever a node is hashed or compared (each mapping's
            // duplicate-key check, each key lookup): with 100,000 rules, most of
            // the time spent loading the file.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.diagnostic(error, path: path, text: text)
        } catch {
            throw Diagnostic(file: path, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
    }

    /// A file whose tree was put together from the pieces that parse (`recover`).
    init(path: String, text: String, root: Node?) {
        self.path = path
        self.text = text
        self.root = root
        lineStarts = Self.lineStarts(text)
    }

    /// The line and column (in Unicode scalars, from 1) of the `offset`th Character of `text`.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int)? {
        guard offset >= 0, let at = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else { return nil }
        let before = text.unicodeScalars[..<at]
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return (before.count { $0 == "\n" } + 1, before[lineStart...].count + 1)
    }

    private static func lineStarts(_ text: String) -> [String.Index] {
        var starts = [text.startIndex]
        var i = text.utf8.startIndex
        while let nl = text.utf8[i...].firstIndex(of: UInt8(ascii: "\n")) {
            i = text.utf8.index(after: nl)
            starts.append(i)
        }
        return starts
    }

    /// A diagnostic at `node`'s position (or the file's start).
    public func diagnostic(_ node: Node?, _ message: String) -> Diagnostic {
        Diagnostic(file: path, at: node?.mark.map(SourcePosition.init), message: message)
    }

    /// `line` gives the file's line of a line of `text`, when `text` is a piece of the file.
    static func diagnostic(_ error: YamlError, path: String, text: String, line: (Int) -> Int = { $0 }) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \(line($0.mark.line)), column \($0.mark.column))" } ?? problem
            // libyaml's words for a tab where indentation is expected; what to do is not in them.
            var hint = problem.contains("tab character") ? "; indent with spaces, not tabs" : ""
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            // A tab that starts the line is "a character that cannot start any token" to libyaml.
            if hint.isEmpty, mark.line >= 1, mark.line <= lines.count, lines[mark.line - 1].dropFirst(max(0, mark.column - 1)).first == "\t",
               lines[mark.line - 1].prefix(max(0, mark.column - 1)).allSatisfy({ $0 == " " || $0 == "\t" }) {
                hint = "; indent with spaces, not tabs"
            }
            if hint.isEmpty, mark.line >= 1, mark.line <= lines.count, let quoting = quotingHint(line: lines[mark.line - 1]) { hint = "; " + quoting }
            return Diagnostic(file: path, line: line(mark.line), column: mark.column, message: "YAML syntax error: \(detail)\(hint)")
        case .reader(let problem, let offset, let value, _):
            // Yams counts the offending character's place in Characters of the text; an editor counts lines and columns.
            guard let offset, let place = position(ofCharacter: offset, in: text) else {
                return Diagnostic(file: path, line: 1, column: 1, message: "YAML cannot be read: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
            }
            let character = value > 0 ? String(format: " (U+%04X)", value) : ""
            // U+0080…U+009F in a file: Windows-1252's quotes and dashes (0x93 “, 0x96 –) read as Latin-1's control characters.
            let hint = (0x80...0x9F).contains(value)
                ? "; a file in Windows-1252 was converted as Latin-1: convert the original with iconv -f windows-1252 -t utf-8" : ""
            return Diagnostic(file: path, line: line(place.line), column: place.column, message: "YAML cannot be read: \(problem)\(character)\(hint)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the key's first occurrence; the one to look at (often pasted in) is the next.
            let first = context.mark
            let key = duplicates.first ?? ""
            let again = repeatedKey(key, after: first, in: text)
            return Diagnostic(file: path, line: line(again?.line ?? first.line), column: again?.column ?? first.column,
                              message: duplicateKeyMessage(duplicates, firstLine: line(first.line)))
        default:
            return Diagnostic(file: path, line: 1, column: 1, message: "YAML error: \(error)")
        }
    }

    static func duplicateKeyMessage(_ keys: [String], firstLine: Int) -> String {
        "duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) (first at line \(firstLine)); keep one of them"
    }

    /// The next line after `first` that starts with `key:` at the same column,
    /// before the mapping ends; nil when it is not on a line of its own (a flow mapping).
    static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let indent = first.column - 1
        for (i, line) in lines.enumerated().dropFirst(first.line) {
            let leading = line.prefix { $0 == " " || $0 == "-" }.count
            let rest = line.drop { $0 == " " }
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            // Less indented, or the next item of a list: the mapping has ended.
            if leading < indent || (leading == indent && line.prefix(indent).contains("-")) { return nil }
            if leading == indent, line.dropFirst(indent).hasPrefix("\(key):") { return (i + 1, first.column) }
        }
        return nil
    }
}
