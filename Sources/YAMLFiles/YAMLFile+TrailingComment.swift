import WirewatchCore
import Yams

extension YAMLFile {
    /// A comment written after a plain scalar on its last line (`query: Microsoft AND #dotnet`): YAML ends the
    /// value at ` #`, which an operator reads as part of it. `value` and `mark` are the scalar's; an empty value
    /// (`query: #OpenAI`, a null) is looked for after its key's colon on the mark's line. The comment's text, from
    /// its `#` to the line's end, where it starts, and what the line holds from the value's start (nil when the value
    /// spans lines).
    public func comment(afterPlain value: String, at mark: Mark) -> (text: String, at: SourcePosition, line: String?)? {
        guard mark.line >= 1, mark.line <= lineStarts.count else { return nil }
        var end = SourcePosition(line: mark.line, column: mark.column), start = end
        let markLine = line(mark.line).unicodeScalars
        if markLine.dropFirst(mark.column - 1).starts(with: value.unicodeScalars) {
            // On one line, as written (most queries): no comment unless the line has a '#'.
            guard markLine.contains("#") else { return nil }
            if !value.isEmpty { end.column += value.unicodeScalars.count - 1 }
        } else {
            guard let positions = positions(of: value, style: .plain, at: mark), let first = positions.first, let last = positions.last else { return nil }
            (start, end) = (first, last)
        }
        let lineText = self.line(end.line)
        let scalars = Array(lineText.unicodeScalars)
        // From the value's last character (or the null's mark), the first '#' after white space.
        var k = max(0, end.column - 1)
        while k < scalars.count {
            if scalars[k] == "#", k == 0 || scalars[k - 1] == " " || scalars[k - 1] == "\t" {
                var text = String(String.UnicodeScalarView(scalars[k...]))
                while let c = text.last, c.isWhitespace { text.removeLast() }
                let from = value.isEmpty ? k : max(0, start.column - 1)
                var written = String(String.UnicodeScalarView(scalars[from...]))
                while let c = written.last, c.isWhitespace { written.removeLast() }
                return (text, SourcePosition(line: end.line, column: k + 1), start.line == end.line ? written : nil)
            }
            k += 1
        }
        return nil
    }

    /// Line `n` (from 1) of the text, without its line break.
    func line(_ n: Int) -> Substring {
        let start = lineStarts[n - 1]
        let end = n < lineStarts.count ? text.index(before: lineStarts[n]) : text.endIndex
        return text[start..<max(start, end)]
    }
}
