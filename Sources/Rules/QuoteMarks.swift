/// The marks that quote a phrase. Besides `"`, the typographic quotes an
/// operator gets when pasting from a document, a chat or a macOS text field
/// (“…”, „…“, «…», »…«, ‘…’, ‚…‘): read as two ANDed words, `“export
/// controls”` silently matched "controls on exports" (trial4 finding 29).
enum QuoteMarks {
    /// The marks that close a phrase opened by `c`; empty when `c` opens none.
    static func closing(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        switch c {
        case "\"": ["\""]
        case "\u{201C}": ["\u{201D}", "\u{201C}"]            // “…” (and “…“)
        case "\u{201E}", "\u{201F}": ["\u{201C}", "\u{201D}"] // „…“ „…”
        case "\u{201D}": ["\u{201D}"]                         // ”…” (Swedish, Finnish)
        case "\u{00AB}": ["\u{00BB}"]                         // «…»
        case "\u{00BB}": ["\u{00AB}", "\u{00BB}"]             // »…« »…»
        case "\u{2018}": ["\u{2019}", "\u{2018}"]             // ‘…’
        case "\u{201A}": ["\u{2018}", "\u{2019}"]             // ‚…‘
        case "\u{FF02}": ["\u{FF02}"]                         // fullwidth "
        default: []
        }
    }

    /// Whether the mark at `j` closes a phrase whose closing marks are `closing`.
    /// A single quote closes only where a word ends: inside one it is an
    /// apostrophe (‘O’Brien said’).
    static func closes(_ closing: [Unicode.Scalar], _ chars: [Unicode.Scalar], at j: Int) -> Bool {
        guard closing.contains(chars[j]) else { return false }
        guard chars[j] == "\u{2019}" || chars[j] == "\u{2018}" else { return true }
        guard j + 1 < chars.count else { return true }
        let next = chars[j + 1]
        return next.isQuerySpace || next == ")" || next == ","
    }

    /// Double quotes end a word as `"` does (`export“controls”`); single ones
    /// do not, being apostrophes inside words (DeepSeek’s).
    static func breaksWords(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}", "\u{FF02}": true
        default: false
        }
    }
}
