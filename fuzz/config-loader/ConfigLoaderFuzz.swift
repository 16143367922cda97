import Analysis
import Daemon
import Foundation
import FuzzDriver
import Rules
import WirewatchCore

/// The same bytes as `wirewatch.yaml` and as a rule file: each loader
/// returns a value or diagnostics, and every diagnostic names a line and
/// column inside the text (an operator must be able to find it).
@main enum ConfigLoaderFuzz {
    static let knowledge: KnowledgeBase = {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config").path
        do { return try KnowledgeBase.load(dataDirectory: data) } catch { fatalError("cannot load \(data): \(error)") }
    }()

    static func main() {
        _ = knowledge
        FuzzDriver.run { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let lines = yamlLines(text)
            if case .failure(let d) = ConfigLoader.parse(text: text, path: "/fuzz/wirewatch.yaml") {
                check(d.items, lines: lines, in: "/fuzz/wirewatch.yaml")
            }
            let file = RuleFile(path: "/fuzz/rules.yaml", text: text)
            if case .failure(let d) = RuleBook.compile([file], base: knowledge, sinks: ["alert-log"]) {
                check(d.items, lines: lines, in: "/fuzz/rules.yaml")
            }
        }
    }

    /// Lines as YAML counts them: a lone CR, CR LF, LF, NEL, LS and PS each end one. (An error at the
    /// end of a text without a final line break is reported on the line after it.)
    static func yamlLines(_ text: String) -> Int {
        var lines = 1
        var previous: Unicode.Scalar = " "
        for s in text.unicodeScalars {
            switch s {
            case "\n": if previous != "\r" { lines += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
            default: break
            }
            previous = s
        }
        return lines
    }

    static func check(_ diagnostics: [Diagnostic], lines: Int, in path: String) {
        if diagnostics.isEmpty { fatalError("a failure without a diagnostic") }
        for d in diagnostics where d.file == path && (d.line < 1 || d.line > lines + 1 || d.column < 1) {
            fatalError("diagnostic outside the text (\(lines) lines): \(d)")
        }
    }
}
