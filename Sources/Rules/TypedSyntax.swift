/// A query as an operator types it, its syntax read as meant: a Chinese or Japanese input method in full-width mode
/// types `（`, `）`, `＊`, `：`, `／`, `，`, `－` and `ＯＲ`, and a document or chat turns `-` before a word into a dash
/// (`–`, `—`, `−`). Read as written, `（a OR b）` did not group, `distil＊` was no wildcard, `title：` no field and
/// `DeepSeek –weather` required "weather" instead of excluding it, each passing `check` (trial7 findings N15, N16).
/// Outside phrases, a full-width ASCII form is its ASCII self (as the tokeniser folds it in words anyway), and a dash
/// that starts a word is `-`. One scalar for one, so every column stays where the operator sees it.
enum TypedSyntax {
    static func normalised(_ query: String) -> String {
        let chars = Array(query.unicodeScalars)
        var out = String.UnicodeScalarView()
        var closing: [Unicode.Scalar] = []
        for (i, c) in chars.enumerated() {
            if !closing.isEmpty {
                if QuoteMarks.closes(closing, chars, at: i) { closing = [] }
                out.append(c)
                continue
            }
            let opens = QuoteMarks.closing(c)
            if !opens.isEmpty {
                closing = opens
                out.append(c)
                continue
            }
            if c.value >= 0xFF01, c.value <= 0xFF5E, c.value != 0xFF02 {
                out.append(Unicode.Scalar(c.value - 0xFEE0)!)
            } else if Self.dashes.contains(c.value), i + 1 < chars.count, !chars[i + 1].isQuerySpace,
                      i == 0 || chars[i - 1].isQuerySpace || chars[i - 1] == "(" || chars[i - 1] == "\u{FF08}" {
                out.append("-")
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Figure dash, en dash, em dash, minus sign.
    private static let dashes: Set<UInt32> = [0x2012, 0x2013, 0x2014, 0x2212]
}
