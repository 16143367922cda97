import Foundation
import WirewatchCore

extension YAMLFile {
    /// The text of an operator's file, or one diagnostic that says why it
    /// cannot be read and what to do: missing, a directory, unreadable (with
    /// the system's reason), or not UTF-8 (at the first byte that is not, by
    /// line and column, so a file saved as Latin-1 is found in the editor).
    /// `what` names the file ("rule file"); `directoryHint` says what to do
    /// when the path is a directory.
    public static func text(atPath path: String, what: String, directoryHint: String) throws(Diagnostic) -> String {
        try textAndMark(atPath: path, what: what, directoryHint: directoryHint).text
    }

    /// `text(atPath:…)`, and whether the file began with a byte-order mark, which a
    /// command that writes the file back keeps: one read, so both describe the same file.
    public static func textAndMark(atPath path: String, what: String,
                                   directoryHint: String) throws(Diagnostic) -> (text: String, byteOrderMark: Bool) {
        var data = try OperatorFile.contents(atPath: path, what: what, directoryHint: directoryHint, regularOnly: true)
        // A byte-order mark is not text: kept, libyaml counts it as a column of the first line.
        let mark = data.starts(with: [0xEF, 0xBB, 0xBF])
        if mark { data = Data(data.dropFirst(3)) }
        if let text = String(validating: data, as: UTF8.self) { return (text, mark) }
        let (offset, line, column, windows1252) = firstInvalidUTF8(data)
        let byte = String(format: "0x%02X", data[data.startIndex + offset])
        let encoding = windows1252 ? "windows-1252" : "latin1"
        throw Diagnostic(file: path, line: line, column: column, message:
            "\(what) is not UTF-8 text: byte \(byte) is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f \(encoding) -t utf-8)")
    }

    /// Where the first byte that does not belong to a UTF-8 character is: its
    /// offset, line and column (in characters, counted from 1); and whether a byte standing alone outside a
    /// character anywhere is 0x80…0x9F. A file that is not UTF-8 is most often in one byte a character, and those
    /// are then Windows-1252's quotes and dashes (Latin-1 has control characters there, which YAML refuses).
    static func firstInvalidUTF8(_ data: Data) -> (offset: Int, line: Int, column: Int, windows1252: Bool) {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0, line = 1, column = 1
        var first: (offset: Int, line: Int, column: Int)?
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar):
                offset += scalar.count
                if scalar.count == 1, scalar.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            case .error(let length):
                if first == nil { first = (offset, line, column) }
                // A character cut short (the start of a sequence without its end) is no one-byte character.
                if length == 1, (0x80...0x9F).contains(data[data.startIndex + offset]) { return (first!.offset, first!.line, first!.column, true) }
                offset += length
                column += 1
            case .emptyInput:
                let at = first ?? (offset, line, column)
                return (at.offset, at.line, at.column, false)
            }
        }
    }
}
