import Foundation
import WirewatchCore
import Yams

extension YAMLFile {
    /// What can still be read of a file that does not parse: libyaml stops at
    /// the first syntax error, and an operator who fixes one error at a time
    /// would learn of the next only on the next run.
    public struct Recovery {
        /// The whole text, with as its root the top-level sections and the
        /// list items that parse on their own, each at its place in the file.
        public let file: YAMLFile
        /// Every syntax error found, each with the top-level key of the
        /// section it is in (nil when that cannot be told).
        public let errors: [(section: String?, diagnostic: Diagnostic)]
        /// Errors that hide nothing: a second document's `---`, around which
        /// every item is read.
        public let documentMarkers: [Diagnostic]
    }

    /// Reads a file of top-level sections whose values are lists (a rule
    /// file's `entities:`, `topics:`, `rules:`) item by item: each item is
    /// parsed under its section's key, apart from the others, so that a
    /// syntax error costs only its own item. Lines and columns are the file's.
    /// nil when no piece fails on its own (the file's error comes from how
    /// they are put together), or when libyaml's reader refuses a character
    /// (a control character such as ESC): that is no matter of structure, and
    /// the file's own error tells its byte in the file, not in a piece.
    public static func recover(path: String, text: String) -> Recovery? {
        do { return try recoverPieces(path: path, text: text) } catch { return nil }
    }

    private static func recoverPieces(path: String, text: String) throws(Pieces.Unreadable) -> Recovery? {
        let pieces = Pieces(text)
        let sections = pieces.sections()
        var pairs: [(Node, Node)] = []
        var errors: [(String?, Diagnostic)] = []
        var markers: [Diagnostic] = []
        var firstLines: [String: Int] = [:]
        /// Keys of earlier documents, with their lines: a second document's list (`cat a.yaml b.yaml` of
        /// files that start with `---`) is said once, at its `---`, and its items are checked with the
        /// first's. A key that holds no list (`store:`) is a duplicate as in one document: the reader keeps
        /// the first, and the second was dropped without a word (review of querylang, 13).
        var earlierDocuments: [String: Int] = [:]
        var lists: [String: Int] = [:]
        for section in sections {
            if pieces.isDocumentMarker(section.header.lowerBound) {
                if !pairs.isEmpty || !firstLines.isEmpty {
                    markers.append(Diagnostic(file: path, line: section.header.lowerBound + 1, column: 1,
                                                   message: "YAML syntax error: found another document ('---'); a file holds one: remove this line (the items of both are checked)"))
                    earlierDocuments.merge(firstLines) { first, _ in first }
                    firstLines = [:]
                }
                continue
            }
            // Two `rules:` (`cat a.yaml b.yaml`): the root keeps the first, and the second is said, as a whole parse would.
            if let key = section.key, earlierDocuments[key] == nil || section.items.isEmpty {
                if let first = firstLines[key] ?? earlierDocuments[key] {
                    errors.append((key, Diagnostic(file: path, line: section.header.lowerBound + 1, column: 1,
                                                   message: YAMLFile.duplicateKeyMessage([key], firstLine: first))))
                    continue
                }
                firstLines[key] = section.header.lowerBound + 1
            }
            let header = try pieces.parse(lines: section.header, under: nil, path: path)
            if case .failure(let d) = header { errors.append((section.key, d)) }
            guard let key = section.key, !section.items.isEmpty else {
                // A section without list items is read whole (or is the error above).
                if case .success(let root?) = header {
                    if let map = root.mapping {
                        pairs += map.map { ($0.key, $0.value) }
                    } else {
                        // `data /srv/x` or `data:/srv/x` parse alone as a plain value: the file's error is here, and
                        // dropping the line would leave the section unset without a word.
                        errors.append((section.key, Diagnostic(file: path, line: section.header.lowerBound + 1, column: 1,
                                                               message: "YAML syntax error: a top-level line must be 'key: value' (a key, a colon and a space)")))
                    }
                }
                continue
            }
            var keyNode: Node?, list: Node.Sequence?
            var items: [Node] = []
            try pieces.parse(items: section.items[...], key: (key, section.header.lowerBound + 1), path: path) { result in
                switch result {
                case .failure(let d): errors.append((key, d))
                case .success(let root):
                    guard let (k, value) = root?.mapping?.first, let seq = value.sequence else { return }
                    keyNode = keyNode ?? k
                    list = list ?? seq
                    items += seq
                }
            }
            if let k = lists[key], case .sequence(let before) = pairs[k].1 {
                pairs[k].1 = .sequence(Node.Sequence(Array(before) + items, before.tag, before.style, before.mark))
            } else if let keyNode, let list {
                lists[key] = pairs.count
                pairs.append((keyNode, .sequence(Node.Sequence(items, list.tag, list.style, list.mark))))
            }
        }
        guard !errors.isEmpty || !markers.isEmpty else { return nil }
        return Recovery(file: YAMLFile(path: path, text: text, root: .mapping(Node.Mapping(pairs, .implicit, .block, nil))),
                        errors: errors, documentMarkers: markers)
    }
}

/// The file's lines, cut into top-level sections and their list items.
private struct Pieces {
    /// A top-level key's line and what follows it up to the next one.
    struct Section {
        var key: String?
        /// The key's line and the lines before its first item (0-based).
        var header: Range<Int>
        /// Each list item's lines.
        var items: [Range<Int>]
    }

    let lines: [Substring]

    /// libyaml's reader refused the text: no piece can be read.
    struct Unreadable: Error {}

    init(_ text: String) {
        // Split on the byte: in a String, "\r\n" is one Character, not a "\n".
        lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    private static func indent(_ line: Substring) -> Int { line.utf8.prefix { $0 == UInt8(ascii: " ") }.count }

    /// A list item's first line: `-` followed by a space or the line's end.
    private static func isItem(_ line: Substring, at indent: Int) -> Bool {
        guard Self.indent(line) == indent else { return false }
        let rest = line.utf8.dropFirst(indent)
        guard rest.first == UInt8(ascii: "-") else { return false }
        let next = rest.dropFirst().first
        return next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "\r")
    }

    private static func isKeyCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }

    private static func isBlankOrComment(_ line: Substring) -> Bool {
        let rest = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return rest.isEmpty || rest.hasPrefix("#")
    }

    /// A line that starts something at the top level: a key (not a list item, a comment or a document marker).
    private static func isTopLevel(_ line: Substring) -> Bool {
        // A flow collection closed at the line's start (`]`, `}`) or carried on (`,`) belongs to the section above.
        guard let c = line.utf8.first, !" \t#\r]},".utf8.contains(c) else { return false }
        if line.hasPrefix("---") || line.hasPrefix("...") { return false }
        return !isItem(line, at: 0)
    }

    /// A `---` line: it starts a YAML document.
    func isDocumentMarker(_ line: Int) -> Bool {
        let l = lines[line]
        guard l.hasPrefix("---") else { return false }
        let next = l.utf8.dropFirst(3).first
        return next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "\r")
    }

    func sections() -> [Section] {
        // A document marker ends the section above it: it is a section of its own, which holds nothing.
        var starts = lines.indices.filter { Self.isTopLevel(lines[$0]) || ($0 > 0 && isDocumentMarker($0)) }
        // Anything before the first key is read on its own, so that its mistakes are not lost.
        if lines[..<(starts.first ?? lines.count)].contains(where: { !Self.isBlankOrComment($0) && !$0.hasPrefix("---") }) {
            starts.insert(0, at: 0)
        }
        return starts.indices.map { n in
            let range = starts[n]..<(n + 1 < starts.count ? starts[n + 1] : lines.count)
            let headerLine = lines[range.lowerBound]
            let colon = Self.isTopLevel(headerLine) ? headerLine.firstIndex(of: ":") : nil
            // A key is a plain word: after `"rules:` the items are not under any key.
            let key = colon.map { String(headerLine[..<$0]).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty || !$0.allSatisfy(Self.isKeyCharacter) ? nil : $0 }
            // The list's indentation is that of the first item; other lines belong to the item above them.
            guard key != nil,
                  let first = range.dropFirst().first(where: { !Self.isBlankOrComment(lines[$0]) }),
                  case let indent = Self.indent(lines[first]), Self.isItem(lines[first], at: indent)
            else { return Section(key: key, header: range, items: []) }
            let itemStarts = range.dropFirst().filter { Self.isItem(lines[$0], at: indent) }
            let items = itemStarts.indices.map { i in itemStarts[i]..<(i + 1 < itemStarts.count ? itemStarts[i + 1] : range.upperBound) }
            return Section(key: key, header: range.lowerBound..<first, items: items)
        }
    }

    /// Parses `lines` (under a `key:` line, which stands for the section's
    /// own, when given); marks and errors are moved to the file's lines.
    func parse(lines range: Range<Int>, under key: (name: String, line: Int)?, path: String) throws(Unreadable) -> Result<Node?, Diagnostic> {
        var text = key.map { "\($0.name):\n" } ?? ""
        text += lines[range].joined(separator: "\n")
        // As in the file, so that where a piece ends early is where the next one starts.
        if range.upperBound < lines.count { text += "\n" }
        let offset = range.lowerBound - (key == nil ? 0 : 1)
        let keyLine = key?.line
        // Piece line 1 is the key's line when one is put before the piece.
        let line: (Int) -> Int = { n in
            if n == 1, let keyLine { return keyLine }
            return n + offset
        }
        do {
            return .success(try Yams.compose(yaml: text, .basic).map { $0.moved(line) })
        } catch YamlError.reader {
            throw Unreadable()
        } catch let error as YamlError {
            var d = YAMLFile.diagnostic(error, path: path, text: text, line: line)
            if case .composer(_, "found undefined alias", let mark, _) = error,
               let alias = alias(at: line(mark.line), column: mark.column), anchored(alias, before: range.lowerBound) {
                d.message = "item not checked: its alias *\(alias) refers to an anchor in another item; it is checked once the file's other errors are fixed"
            }
            // Cut off where the next item (or section) starts, libyaml says it met the end of the text.
            if d.line > range.upperBound, range.upperBound < lines.count {
                let next = Self.isTopLevel(lines[range.upperBound]) ? "section" : "item"
                d.message = d.message.replacingOccurrences(of: "found unexpected end of stream", with: "found the start of the next \(next)")
            }
            return .failure(d)
        } catch {
            return .failure(Diagnostic(file: path, line: offset + 1, column: 1, message: "cannot read YAML: \(error)"))
        }
    }

    /// The name of the alias (`*name`) at a line of the file and a column
    /// counted, as Yams counts it, in Unicode scalars.
    private func alias(at line: Int, column: Int) -> Substring? {
        guard line >= 1, line <= lines.count, column >= 1 else { return nil }
        let rest = lines[line - 1].unicodeScalars.dropFirst(column - 1)
        guard rest.first == "*" else { return nil }
        let name = rest.dropFirst().prefix { !" \t\r,[]{}".unicodeScalars.contains($0) }
        return name.isEmpty ? nil : Substring(name)
    }

    /// Whether an anchor `&name` is written on a line before `line`: an item
    /// read apart from the one that holds it cannot see it.
    private func anchored(_ name: Substring, before line: Int) -> Bool {
        lines[..<line].contains { l in
            var rest = l[...]
            while let amp = rest.firstIndex(of: "&") {
                rest = rest[rest.index(after: amp)...]
                if rest.hasPrefix(name), rest.dropFirst(name.count).first.map({ " \t\r,[]{}".contains($0) }) ?? true { return true }
            }
            return false
        }
    }

    /// Parses `items` together, and those that fail in halves, down to the
    /// items that fail on their own: a section with one mistake is parsed
    /// about three times over (whole, then both halves of each failing half:
    /// n + n + n/2 + …), after the failed parse of the whole file, not once
    /// per item.
    func parse(items: ArraySlice<Range<Int>>, key: (name: String, line: Int), path: String,
               _ found: (Result<Node?, Diagnostic>) -> Void) throws(Unreadable) {
        guard let first = items.first, let last = items.last else { return }
        let result = try parse(lines: first.lowerBound..<last.upperBound, under: key, path: path)
        if case .failure = result, items.count > 1 {
            let mid = items.startIndex + items.count / 2
            try parse(items: items[..<mid], key: key, path: path, found)
            try parse(items: items[mid...], key: key, path: path, found)
        } else {
            found(result)
        }
    }
}

private extension Node {
    /// The node with its marks (and its children's) on the file's lines.
    func moved(_ line: (Int) -> Int) -> Node {
        func at(_ mark: Mark?) -> Mark? { mark.map { YAMLFile.mark(line: line($0.line), column: $0.column) } }
        switch self {
        case .scalar(let s):
            return .scalar(Node.Scalar(s.string, s.tag, s.style, at(s.mark)))
        case .mapping(let m):
            return .mapping(Node.Mapping(m.map { ($0.key.moved(line), $0.value.moved(line)) }, m.tag, m.style, at(m.mark)))
        case .sequence(let s):
            return .sequence(Node.Sequence(s.map { $0.moved(line) }, s.tag, s.style, at(s.mark)))
        case .alias(let a):
            return .alias(Node.Alias(a.anchor, a.tag, at(a.mark)))
        }
    }
}

extension YAMLFile {
    /// A mark at a line and column of the file. Yams gives `Mark` no public
    /// initialiser, and a piece of a file parsed on its own has its marks
    /// counted from the piece's first line; `Mark` is its two numbers.
    static func mark(line: Int, column: Int) -> Mark {
        unsafeBitCast((line, column), to: Mark.self)
    }
}
