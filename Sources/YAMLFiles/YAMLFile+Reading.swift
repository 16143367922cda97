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
        func problem(_ message: String, line: Int = 1, column: Int = 1) -> Diagnostic {
            Diagnostic(file: path, line: line, column: column, message: "\(what) \(message)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // Listed in its directory, yet not there: a link whose target is gone.
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                throw problem("is a link to \(target), which does not exist")
            }
            throw problem("does not exist")
        }
        if isDirectory.boolValue { throw problem("is a directory, not a file; \(directoryHint)") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            let hint = code == EACCES ? "; let the user wirewatch runs as read it (chmod a+r)" : ""
            throw problem("cannot be read: \(String(cString: strerror(code)))\(hint)")
        }
        var data: Data
        do {
            data = try FileHandle(fileDescriptor: fd, closeOnDealloc: true).readToEnd() ?? Data()
        } catch {
            throw problem("cannot be read: \(error.localizedDescription)")
        }
        // A byte-order mark is not text: kept, libyaml counts it as a column of the first line.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = Data(data.dropFirst(3)) }
        if let text = String(validating: data, as: UTF8.self) { return text }
        let (offset, line, column) = firstInvalidUTF8(data)
        throw problem(String(format: "is not UTF-8 text: byte 0x%02X is not part of a UTF-8 character; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)", data[data.startIndex + offset]),
                      line: line, column: column)
    }

    /// Where the first byte that does not belong to a UTF-8 character is: its
    /// offset, line and column (in characters, counted from 1).
    static func firstInvalidUTF8(_ data: Data) -> (offset: Int, line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar):
                offset += scalar.count
                if scalar.count == 1, scalar.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            case .error, .emptyInput:
                return (offset, line, column)
            }
        }
    }
}
