import Yams

extension YAMLFile {
    /// Where each Unicode scalar of a scalar's value was written (given its
    /// value, style and mark), so that an error inside a value (a query) can
    /// name its exact line and column, through quotes, escapes (`\"`,
    /// `\u00e9`, `''`) and folded lines. nil when the value cannot be traced
    /// back to the text.
    public func positions(of value: String, style: Node.Scalar.Style, at mark: Mark) -> [SourcePosition]? {
        guard mark.line >= 1, mark.line <= lineStarts.count else { return nil }
        var raw = RawText(text.unicodeScalars, from: lineStarts[mark.line - 1], mark: mark)
        raw.skipProperties()
        switch style {
        case .doubleQuoted, .singleQuoted: raw.skip(1)
        case .literal, .folded: raw.skipLine()
        default: break
        }
        var out: [SourcePosition] = []
        out.reserveCapacity(value.unicodeScalars.count)
        for wanted in value.unicodeScalars {
            while true {
                guard let r = raw.current else { return nil }
                if style == .doubleQuoted, r == "\\" {
                    if let next = raw.peek(1), next == "\n" || next == "\r" {
                        // An escaped line break joins the lines; a CRLF one is three scalars (only two were skipped, so
                        // the next line's indentation stood for an escaped space and the trace failed: exploratory finding).
                        raw.skip(next == "\r" && raw.peek(2) == "\n" ? 3 : 2)
                        while let c = raw.current, c == " " || c == "\t" { raw.skip(1) }
                        continue
                    }
                    guard let (decoded, length) = raw.escape(), decoded == wanted else { return nil }
                    out.append(raw.position)
                    raw.skip(length)
                    break
                }
                if style == .singleQuoted, r == "'", raw.peek(1) == "'" {
                    guard wanted == "'" else { return nil }
                    out.append(raw.position)
                    raw.skip(2)
                    break
                }
                if r == wanted {
                    out.append(raw.position)
                    raw.skip(1)
                    break
                }
                // Indentation and line breaks that folding turned into nothing (or one space).
                guard r == " " || r == "\t" || r == "\n" || r == "\r" else { return nil }
                raw.skip(1)
            }
        }
        return out
    }
}

extension YAMLFile {
    /// The alias (`*q`) written as the value of the key at `key`, and where:
    /// Yams hands over the anchored node itself, marked where the anchor is.
    public func alias(afterKey key: Mark) -> (name: String, at: SourcePosition)? {
        guard key.line >= 1, key.line <= lineStarts.count else { return nil }
        var raw = RawText(text.unicodeScalars, from: lineStarts[key.line - 1], mark: key)
        while let c = raw.current, !(c == ":" && [" ", "\t", "\n", "\r", nil].contains(raw.peek(1))) { raw.skip(1) }
        raw.skip(1)
        while let c = raw.current, c == " " || c == "\t" || c == "\n" || c == "\r" { raw.skip(1) }
        guard raw.current == "*" else { return nil }
        let at = raw.position
        raw.skip(1)
        var name = String.UnicodeScalarView()
        while let c = raw.current, ![" ", "\t", "\n", "\r", ",", "]", "}"].contains(c) { name.append(c); raw.skip(1) }
        return (String(name), at)
    }
}

/// The file's text from a mark on, one scalar at a time, with positions.
private struct RawText {
    private let scalars: String.UnicodeScalarView
    private var i: String.Index
    private(set) var position: SourcePosition

    init(_ scalars: String.UnicodeScalarView, from lineStart: String.Index, mark: Mark) {
        self.scalars = scalars
        i = scalars.index(lineStart, offsetBy: mark.column - 1, limitedBy: scalars.endIndex) ?? scalars.endIndex
        position = SourcePosition(mark)
    }

    var current: Unicode.Scalar? { i < scalars.endIndex ? scalars[i] : nil }

    func peek(_ k: Int) -> Unicode.Scalar? {
        guard let j = scalars.index(i, offsetBy: k, limitedBy: scalars.endIndex), j < scalars.endIndex else { return nil }
        return scalars[j]
    }

    mutating func skip(_ n: Int) {
        for _ in 0..<n where i < scalars.endIndex {
            if scalars[i] == "\n" {
                position = SourcePosition(line: position.line + 1, column: 1)
            } else {
                position.column += 1
            }
            i = scalars.index(after: i)
        }
    }

    /// A node's anchor (`&q`) and tag (`!!str`, `!<…>`), where its mark
    /// points, and the white space after them: the value starts past them.
    mutating func skipProperties() {
        while let c = current, c == "&" || c == "!" {
            while let c = current, c != " ", c != "\t", c != "\n", c != "\r" { skip(1) }
            // The white space after them, and a comment to its line's end (`&s # note`, the value on the next line:
            // the value's columns were one off; review of querylang, 7).
            while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "#" {
                if c == "#" { while let d = current, d != "\n" { skip(1) } } else { skip(1) }
            }
        }
    }

    mutating func skipLine() {
        while let c = current, c != "\n" { skip(1) }
        skip(1)
    }

    /// The scalar a double-quoted escape at the cursor stands for, and its length.
    func escape() -> (Unicode.Scalar, Int)? {
        guard let e = peek(1) else { return nil }
        let simple: [Unicode.Scalar: UInt32] = [
            "0": 0, "a": 7, "b": 8, "t": 9, "\t": 9, "n": 10, "v": 11, "f": 12, "r": 13, "e": 27, " ": 32, "\"": 34,
            "/": 47, "\\": 92, "N": 0x85, "_": 0xA0, "L": 0x2028, "P": 0x2029,
        ]
        if let v = simple[e] { return Unicode.Scalar(v).map { ($0, 2) } }
        let digits: Int
        switch e {
        case "x": digits = 2
        case "u": digits = 4
        case "U": digits = 8
        default: return nil
        }
        var v: UInt32 = 0
        for k in 0..<digits {
            guard let d = peek(2 + k), let h = UInt32(String(d), radix: 16) else { return nil }
            v = v * 16 + h
        }
        return Unicode.Scalar(v).map { ($0, 2 + digits) }
    }
}
