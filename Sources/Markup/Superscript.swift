/// What a `<sup>` of plain text reads as. "TM" and "SM" are the marks ™ and ℠. Digits written onto the text before
/// them are superscript digits: "10<sup>6</sup>" is 10⁶, not the number 106; "km<sup>2</sup>" is km², and a footnote
/// mark "Nvidia<sup>1</sup>" is "Nvidia¹", whose "¹" the tokenizer keeps apart from the word (`Tokenizer.isSuperscriptDigit`).
/// Anything else (ordinals' letters, "[2]", markup) is rendered as written.
enum Superscript {
    /// The text `content` (what stands between `<sup>` and `</sup>`: no markup, no reference) reads as, or nil: as
    /// written. `touching`: it follows text with no space between.
    static func text(of content: UnsafeBufferPointer<UInt8>, touching: Bool) -> String? {
        var body = content[...]
        while let c = body.first, HTMLRenderer.isSpace(c) { body = body.dropFirst() }
        while let c = body.last, HTMLRenderer.isSpace(c) { body = body.dropLast() }
        if body.elementsEqual("TM".utf8) { return "\u{2122}" }
        if body.elementsEqual("SM".utf8) { return "\u{2120}" }
        guard touching else { return nil }
        var out = ""
        if let sign = body.first, sign == 0x2D || sign == 0x2B { // "-", "+"
            out.unicodeScalars.append(sign == 0x2D ? "\u{207B}" : "\u{207A}")
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        for c in body { out.unicodeScalars.append(digits[Int(c - 0x30)]) }
        return out
    }

    private static let digits: [Unicode.Scalar] = ["\u{2070}", "\u{B9}", "\u{B2}", "\u{B3}", "\u{2074}", "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}", "\u{2079}"]
}
