import Foundation
import WirewatchCore

/// The alert log as written: every line must be a whole alert record.
struct AlertLogLines {
    var records: [AlertRecord] = []
    /// Lines that are not a complete JSON alert (a torn or mangled write).
    var broken: [String] = []

    init(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let r = try? AlertRecord.decode(line: Data(line)) { records.append(r) } else {
                broken.append(String(decoding: line.prefix(200), as: UTF8.self))
            }
        }
        if let last = data.last, last != UInt8(ascii: "\n") { broken.append("(no newline at the end of the file)") }
    }

    var ids: [String] { records.map(\.id) }
    /// Ids written more than once.
    var duplicates: [String] {
        Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }
}
