import Foundation
import Markup
import WirewatchCore

/// One readable line for an alert: time, severity, rule, title, source, and
/// the first matched snippet, with ANSI colour when asked.
public enum AlertLine {
    public static func format(_ r: AlertRecord, color: Bool) -> String {
        let time = ISO8601DateFormatter().string(from: r.time)
        let sev = r.severity.rawValue.uppercased()
        let title = printable(r.article.title)
        let lead = r.leadEvidence.map { e in
            var e = e
            (e.snippet, e.match) = (printable(e.snippet), printable(e.match))
            return e
        }
        // An alert without evidence (a broken feed's) ends at its feed, not with a blank.
        let snippet = (lead?.snippet).map { " \($0)" } ?? ""
        let edit = r.editMark
        guard color else {
            return "\(time) \(sev) \(r.rule) \"\(title)\" [\(r.article.feed)]\(edit)\(snippet)"
        }
        let sevColor: String
        switch r.severity {
        case .critical: sevColor = "\u{1B}[1;41;97m"
        case .high: sevColor = "\u{1B}[1;31m"
        case .medium: sevColor = "\u{1B}[33m"
        case .low: sevColor = "\u{1B}[36m"
        case .info: sevColor = "\u{1B}[2m"
        }
        let reset = "\u{1B}[0m"
        return "\u{1B}[2m\(time)\(reset) \(sevColor)\(sev)\(reset) \u{1B}[1m\(r.rule)\(reset) \"\(title)\" \u{1B}[2m[\(r.article.feed)]\(edit)\(reset)\(lead == nil ? "" : " " + highlight(lead))"
    }

    /// Feed text as a terminal may show it: a control character (ESC, BEL, a C1) or a bidirectional override
    /// as U+FFFD. The parser drops them since; an alert log written before may still hold them, and `tail` wrote
    /// them raw, so a feed could clear the operator's screen or set the window's title.
    static func printable(_ text: String) -> String {
        TerminalText.replacingUnsafe(text) { _ in "\u{FFFD}" }
    }

    /// Underlines the matched text inside its snippet.
    private static func highlight(_ e: AlertRecord.Evidence?) -> String {
        guard let e else { return "" }
        guard !e.match.isEmpty, let range = e.snippet.range(of: e.match) else { return e.snippet }
        return e.snippet.replacingCharacters(in: range, with: "\u{1B}[1;4m\(e.snippet[range])\u{1B}[0m")
    }
}
