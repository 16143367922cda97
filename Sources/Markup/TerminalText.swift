/// What a feed may not send to an operator's terminal: C0 and C1 controls (ESC starts a sequence that moves the
/// cursor, clears the screen or sets the window's title; BEL ends one) and the bidirectional embeddings, overrides
/// and isolates, which make text read in another order than it is stored. The parser drops them from text
/// (`TextBuilder`); what shows the server's own words, or text stored before, replaces them.
public enum TerminalText {
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// `text` with each unsafe scalar replaced by `replacement(scalar)`.
    public static func replacingUnsafe(_ text: String, with replacement: (Unicode.Scalar) -> String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if isUnsafe(u) { out.append(contentsOf: replacement(u).unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }
}
