import Markup

/// Splits clean text into word tokens with scalar offsets, and into sentences.
/// Letters and digits make words; apostrophes (' ’ ʼ ＇ and kin: `isApostrophe`) and hyphens split them;
/// dotted initialisms ("U.S.", "U.K.") are one token ("US"); a number keeps
/// its decimal point and thousands separators ("12.5", "1,000"; `NumberText`);
/// "C++", "C#" and their kin keep their symbols; an invisible soft hyphen or
/// word joiner inside a word does not split it; each Han, kana or Hangul
/// character is a token of its own.
///
/// Works on the text's UTF-8 bytes once. An ASCII word, most of news text, is
/// shaped, lower-cased and hashed in one pass over its bytes, and its folded
/// form is its text when it has no capital; only a word with other scalars
/// decodes them and asks for their Unicode properties. This is the innermost
/// loop of the daemon's analysis.
public enum Tokenizer {
    public static func tokenize(_ text: String) -> (tokens: [Token], sentences: [Sentence]) {
        var text = text
        return text.withUTF8 { bytes in
            var scan = words(utf8: bytes)
            let sentences = SentenceSplitter.split(utf8: bytes, scan: &scan)
            return (scan.tokens, sentences)
        }
    }

    /// Tokens of a short string (a query term), without sentence work.
    public static func foldedWords(_ text: String) -> [String] {
        words(text).map(\.folded)
    }

    /// Tokens without the sentence work (each in sentence 0): for names, terms and metadata values.
    public static func words(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8 { words(utf8: $0).tokens }
    }

    /// One pass over the bytes: the words, and the marks between them where a sentence may end.
    static func words(utf8 b: UnsafeBufferPointer<UInt8>) -> TokenScan {
        var tokens: [Token] = []
        tokens.reserveCapacity(b.count / 5)
        var marks: [TokenScan.Mark] = []
        marks.reserveCapacity(b.count / 64)
        var scalars: [Unicode.Scalar] = [] // of the current non-ASCII word
        var i = 0, si = 0 // byte and scalar offsets
        // Where the last token ended; -2 so that the first token follows nothing.
        var previousEnd = (byte: 0, scalar: -2)
        // Digits up to here are words of their own: a run like "1.12.2025" that is no number.
        var separateDigitsUntil = 0
        // Words holding "Đ": folded again once their neighbours are known (`foldDjBeside`).
        var djTokens: [Int] = []
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                guard isWordASCII(c) else {
                    if c == 0x2E || c == 0x0A || c == 0x21 || c == 0x3F { marks.append(TokenScan.Mark(byte: i, scalar: si)) } // . \n ! ?
                    i += 1; si += 1
                    continue
                }
                if isUpperASCII(c), i + 1 < n, b[i + 1] == dot, let found = initialism(b, i, si) {
                    tokens.append(found.token)
                    i = found.end; si = found.token.end
                    previousEnd = (i, si)
                    continue
                }
                let word = ASCIIWord(b, i, joint(b, previousEnd, i, si))
                if !word.continuesBeyondASCII {
                    // A number goes on across a decimal point or a thousands separator
                    // ("12.5", "1,000"), a one- or two-letter name across "++" or "#" ("C++", "F#").
                    if word.end < n, let found = (b[word.end] == dot || b[word.end] == comma) && word.shape.contains(.numeric) && i >= separateDigitsUntil
                        || (b[word.end] == plus || b[word.end] == hash) && word.end - i <= 2 ? joinedWord(b, i, word, start: si, notANumber: &separateDigitsUntil) : nil {
                        tokens.append(found)
                        i += found.end - found.start; si = found.end
                        previousEnd = (i, si)
                        continue
                    }
                    let bytes = UnsafeBufferPointer(rebasing: b[i..<word.end])
                    let text = String(validUTF8: bytes, isKnownASCII: true)
                    let folded = word.hasUpper ? TextFolding.lowercasedASCII(bytes) : text
                    tokens.append(Token(start: si, end: si &+ bytes.count, text: text, folded: folded, hash: word.hash, shape: word.shape))
                    si &+= bytes.count; i = word.end
                    previousEnd = (i, si)
                    continue
                }
                scalars.removeAll(keepingCapacity: true)
            } else {
                let (u, width) = b.scalar(at: i)
                scalars.removeAll(keepingCapacity: true)
                if u.value &- 0xFF10 < 10, i >= separateDigitsUntil, let found = fullWidthNumber(b, i, start: si, notANumber: &separateDigitsUntil) {
                    tokens.append(found.token)
                    i = found.end; si = found.token.end
                    previousEnd = (i, si)
                    continue
                }
                if isIdeograph(u) {
                    scalars.append(u)
                    var e = i + width
                    // A half-width katakana and the voicing mark after it are one character ("ﾊﾞ" is バ).
                    if TextFolding.isHalfWidthKatakana(u), !TextFolding.isHalfWidthVoicing(u), e < n {
                        let (m, mWidth) = b.scalar(at: e)
                        if TextFolding.isHalfWidthVoicing(m) { scalars.append(m); e += mWidth }
                    }
                    tokens.append(token(b, i, e, start: si, scalars, joint(b, previousEnd, i, si)))
                    i = e; si += scalars.count
                    previousEnd = (i, si)
                    continue
                }
                guard isWordScalar(u) else {
                    if SentenceSplitter.endsSentenceWithoutSpace(u) { marks.append(TokenScan.Mark(byte: i, scalar: si)) } // 。！？ ؟ । ॥
                    i += width; si += 1
                    continue
                }
                if u.properties.isUppercase, i + width < n, b[i + width] == dot, let found = initialism(b, i, si) {
                    tokens.append(found.token)
                    i = found.end; si = found.token.end
                    previousEnd = (i, si)
                    continue
                }
            }
            // A word with a non-ASCII scalar: decode it whole. An invisible joiner
            // between two of its letters ("Deep\u{AD}Seek") is in its span, not in its text.
            var j = i
            var hidden = 0
            repeat {
                let (u, width) = b.scalar(at: j)
                if j > i, u.isASCII ? !isWordASCII(UInt8(u.value)) : !continuesWord(u) {
                    guard isInvisibleJoiner(u), j + width < n, continuesWord(at: j + width, b) else { break }
                    hidden += 1
                    j += width
                    continue
                }
                scalars.append(u)
                j += width
            } while j < n
            if TextFolding.hasDj(scalars) { djTokens.append(tokens.count) }
            tokens.append(token(b, i, j, start: si, scalars, hidden: hidden, joint(b, previousEnd, i, si)))
            i = j; si += scalars.count + hidden
            previousEnd = (i, si)
        }
        if !djTokens.isEmpty { foldDjBeside(&tokens, djTokens) }
        return TokenScan(tokens: tokens, marks: marks, scalarCount: si)
    }

    /// A word with "Đ" beside a Vietnamese word (two on either side) is Vietnamese: its "Đ" is "D", as it is
    /// when the name is folded whole ("Đinh Tiến Dũng" is dinh tien dung both ways; `TextFolding.foldingDj`).
    private static func foldDjBeside(_ tokens: inout [Token], _ indices: [Int]) {
        for k in indices where tokens[k].folded.contains("dj") {
            let near = max(0, k - 2)..<min(tokens.count, k + 3)
            guard near.contains(where: { $0 != k && TextFolding.isVietnameseNeighbour(tokens[$0].text.unicodeScalars) }) else { continue }
            let t = tokens[k]
            tokens[k] = Token(start: t.start, end: t.end, text: t.text,
                              folded: TextFolding.fold(scalars: t.text.unicodeScalars, vietnameseNearby: true), sentence: t.sentence, shape: t.shape)
        }
    }

    private static let dot = UInt8(ascii: "."), comma = UInt8(ascii: ","), plus = UInt8(ascii: "+"), hash = UInt8(ascii: "#")

    /// A soft hyphen (U+00AD), word joiner (U+2060) or zero-width no-break space
    /// (U+FEFF): invisible, and no break between the letters on either side.
    /// (A zero-width space, U+200B, is a break, and stays one.)
    @inline(__always)
    static func isInvisibleJoiner(_ u: Unicode.Scalar) -> Bool { u.value == 0xAD || u.value == 0x2060 || u.value == 0xFEFF }

    /// Whether the scalar at byte `j` continues a word (a letter, digit or mark, not an ideograph).
    @inline(__always)
    static func continuesWord(at j: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b[j] < 0x80 ? isWordASCII(b[j]) : continuesWord(b.scalar(at: j).scalar)
    }

    /// The ASCII word `word` at byte `i` (scalar `si`) continued across what follows it, or nil:
    /// a number across a '.' or ',' between digits ("3.5", "1,000", "12.5bn"; UAX #29's rule),
    /// or a word of one or two letters across "++" or "#" not followed by a letter ("C++", "C#", "g++").
    /// Its scalars are its bytes.
    /// `notANumber`: set past the run when digits and separators make no number ("1.12.2025", "192.168.0.1"),
    /// whose groups are then words of their own: a date's year matches `2025` (review of tokens, 2).
    private static func joinedWord(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: ASCIIWord, start si: Int,
                                   notANumber: inout Int) -> Token? {
        let n = b.count
        var e = word.end
        if b[e] == plus || b[e] == hash {
            guard word.end - i <= 2, word.letters == word.end - i else { return nil }
            let run = b[e] == hash ? 1 : 2
            guard e + run <= n, b[e] == hash || b[e + 1] == plus else { return nil }
            e += run
            guard e == n || !(isWordASCII(b[e]) && b[e] &- 0x30 >= 10) && b[e] != plus && b[e] != hash else { return nil }
            let text = String(validUTF8: UnsafeBufferPointer(rebasing: b[i..<e]), isKnownASCII: true)
            return Token(start: si, end: si + (e - i), text: text, folded: TextFolding.fold(text), sentence: 0, shape: word.shape)
        }
        guard word.shape.contains(.numeric), e + 1 < n, b[e - 1] &- 0x30 < 10, b[e + 1] &- 0x30 < 10 else { return nil }
        // Separators between digits, and the letters and digits after each.
        while e + 1 < n, b[e] == dot || b[e] == comma, b[e - 1] &- 0x30 < 10, b[e + 1] &- 0x30 < 10 {
            e += 1
            while e < n, isWordASCII(b[e]) { e += 1 }
        }
        // A letter outside ASCII right after it ("3.5µm") is a word of its own.
        let bytes = UnsafeBufferPointer(rebasing: b[i..<e])
        guard let folded = NumberText.read(bytes) else {
            notANumber = e
            return nil
        }
        let text = String(validUTF8: bytes, isKnownASCII: true)
        return Token(start: si, end: si + (e - i), text: text, folded: folded, sentence: 0, shape: word.shape)
    }

    /// A number written with full-width digits, as Chinese and Japanese text may ("３.５", "１，０００"), read as its
    /// ASCII digits are, so `3.5` matches "３.５" as folding promises (review of querylang, 6); letters and digits
    /// right after a separator's digits stay in its word, full-width ones read as ASCII, as the ASCII path keeps
    /// them ("３.５km" and "３.５ｋｍ" are 3.5km, as "3.5km" is; `3` does not match them: review of s27, 6). Nil
    /// without a separator between digits, or when it makes no number (a date): each group is then a word, as in ASCII.
    private static func fullWidthNumber(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, start si: Int, notANumber: inout Int) -> (token: Token, end: Int)? {
        let n = b.count
        // The ASCII byte a digit or separator at byte k stands for, and its width.
        func digit(_ k: Int) -> (ascii: UInt8, width: Int)? {
            if k < n, b[k] &- 0x30 < 10 { return (b[k], 1) }
            if k + 2 < n, b[k] == 0xEF, b[k + 1] == 0xBC, b[k + 2] &- 0x90 < 10 { return (b[k + 2] - 0x90 + 0x30, 3) }
            return nil
        }
        func separator(_ k: Int) -> (ascii: UInt8, width: Int)? {
            if k < n, b[k] == dot || b[k] == comma { return (b[k], 1) }
            if k + 2 < n, b[k] == 0xEF, b[k + 1] == 0xBC, b[k + 2] == 0x8E || b[k + 2] == 0x8C { return (b[k + 2] == 0x8E ? dot : comma, 3) } // ． ，
            return nil
        }
        // A letter or digit, ASCII or full-width (Ａ-Ｚ, ａ-ｚ), as ASCII.
        func letterOrDigit(_ k: Int) -> (ascii: UInt8, width: Int)? {
            if let d = digit(k) { return d }
            if k < n, b[k] < 0x80 { return isWordASCII(b[k]) ? (b[k], 1) : nil }
            guard k + 2 < n, b[k] == 0xEF else { return nil }
            if b[k + 1] == 0xBC, b[k + 2] &- 0xA1 < 26 { return (b[k + 2] - 0xA1 + 0x41, 3) }
            if b[k + 1] == 0xBD, b[k + 2] &- 0x81 < 26 { return (b[k + 2] - 0x81 + 0x61, 3) }
            return nil
        }
        var ascii: [UInt8] = [], j = i, count = 0, separators = 0
        while let d = digit(j) { ascii.append(d.ascii); j += d.width; count += 1 }
        // Separators between digits, and the letters and digits after each.
        while let s = separator(j), ascii.last! &- 0x30 < 10, digit(j + s.width) != nil {
            ascii.append(s.ascii); j += s.width; count += 1; separators += 1
            while let w = letterOrDigit(j) { ascii.append(w.ascii); j += w.width; count += 1 }
        }
        // A letter outside ASCII and full width after it ("３.５µm") is a word of its own, as after "3.5".
        guard separators > 0 else { return nil }
        guard let folded = ascii.withUnsafeBufferPointer({ NumberText.read($0) }) else {
            notANumber = j
            return nil
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<j]), as: UTF8.self)
        return (Token(start: si, end: si + count, text: text, folded: folded), j)
    }

    /// `.hyphenated`, `.afterApostrophe` or `.afterAmpersand` when the one scalar before the word at byte `i`
    /// (scalar `si`) joins it to the token before.
    @inline(__always)
    private static func joint(_ b: UnsafeBufferPointer<UInt8>, _ previousEnd: (byte: Int, scalar: Int), _ i: Int, _ si: Int) -> TokenShape {
        guard previousEnd.scalar == si - 1 else { return [] }
        let k = previousEnd.byte
        if i - k == 1 {
            // "-", or "'" and "`"
            return b[k] == 0x2D ? .hyphenated : b[k] == 0x26 ? .afterAmpersand : isApostrophe(Unicode.Scalar(b[k])) ? .afterApostrophe : []
        }
        // U+2010 and U+2011 (hyphens), the full-width ampersand, or an apostrophe outside ASCII
        let u = b.scalar(at: k).scalar
        return u.value == 0x2010 || u.value == 0x2011 ? .hyphenated : u.value == 0xFF06 ? .afterAmpersand : isApostrophe(u) ? .afterApostrophe : []
    }

    /// The apostrophe and what is written for it: ' and ’ (U+2019), ʼ (U+02BC, modifier letter apostrophe, which
    /// Unicode counts a letter: "OpenAIʼs" was one word, so `OpenAI` missed it), the full-width ＇, and ‘ ′ ´ `
    /// typed in its place. Each splits a word and makes the "s" after it an apostrophe's (`Token.isApostropheS`).
    public static func isApostrophe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x27, 0x2019, 0x2BC, 0xFF07, 0x2018, 0x2032, 0xB4, 0x60: true
        default: false
        }
    }

    /// A word with non-ASCII scalars (`scalars`, bytes `a..<e`): shape from Unicode properties.
    /// `hidden` invisible joiners were left out of `scalars`: in the span, not in the text.
    private static func token(_ b: UnsafeBufferPointer<UInt8>, _ a: Int, _ e: Int, start: Int, _ scalars: [Unicode.Scalar],
                              hidden: Int = 0, _ joint: TokenShape) -> Token {
        // ASCII only when joiners were left out of an ASCII word ("Deep\u{AD}Seek"); TokenShape says so.
        let shape = TokenShape(scalars: scalars).union(joint)
        let text = hidden == 0 ? String(validUTF8: UnsafeBufferPointer(rebasing: b[a..<e])) : String(String.UnicodeScalarView(scalars))
        let folded = TextFolding.fold(scalars: scalars)
        return Token(start: start, end: start + scalars.count + hidden, text: text, folded: folded, sentence: 0, shape: shape)
    }

    /// "X.Y." at byte `i` (scalar `si`): at least two single capitals each followed by a dot,
    /// as one token of the capitals, and the byte where it ends; or nil.
    private static func initialism(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ si: Int) -> (token: Token, end: Int)? {
        let n = b.count
        var j = i
        var letters: [UInt8] = []
        while j < n {
            let (u, width) = b.scalar(at: j)
            guard isUpper(u), j + width < n, b[j + width] == dot else { break }
            let k = j + width + 1
            if k < n {
                let (v, vWidth) = b.scalar(at: k)
                if isWordScalar(v), !(isUpper(v) && k + vWidth < n && b[k + vWidth] == dot) { break }
            }
            letters.append(contentsOf: UnsafeBufferPointer(rebasing: b[j..<(j + width)]))
            j = k
        }
        let count = (j - i) - letters.count // one dot per letter
        guard count >= 2 else { return nil }
        let ascii = letters.allSatisfy { $0 < 0x80 }
        let text = letters.withUnsafeBufferPointer { String(validUTF8: $0, isKnownASCII: ascii) }
        return (Token(start: si, end: si + 2 * count, text: text, folded: TextFolding.fold(text), sentence: 0,
                      shape: ascii ? [.capitalized, .allCaps, .ascii] : [.capitalized, .allCaps]), j)
    }

    @inline(__always) static func isUpperASCII(_ c: UInt8) -> Bool { c &- 0x41 < 26 }

    @inline(__always) static func isWordASCII(_ c: UInt8) -> Bool { c &- 0x30 < 10 || (c | 0x20) &- 0x61 < 26 }

    /// A non-ASCII scalar that continues a word: a letter, digit or mark that is not an ideograph.
    @inline(__always) static func continuesWord(_ c: Unicode.Scalar) -> Bool { isWordScalar(c) && !isIdeograph(c) }

    /// A letter, digit or mark: what a word is made of.
    public static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isWordASCII(UInt8(c.value)) }
        if isSuperscriptDigit(c) || c.value == 0x2BC { return false } // ʼ: an apostrophe (`isApostrophe`)
        let p = c.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// "¹", "²", "³", "⁰", "⁴"…"⁹": a footnote mark or an exponent, not a digit of the word it follows, so
    /// "Nvidia¹" is the word Nvidia (not "nvidia1") and "km²" km. (Subscript digits are digits: "CO₂" is
    /// co2, `TextFolding`; trial7 N23.)
    @inline(__always)
    static func isSuperscriptDigit(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0xB2 || v == 0xB3 || v == 0xB9 || v == 0x2070 || v &- 0x2074 < 6
    }

    /// Han, kana (half-width katakana too) and Hangul: scripts written without spaces, a word per character.
    public static func isIdeograph(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || TextFolding.isHalfWidthKatakana(c)
    }

    private static func isUpper(_ c: Unicode.Scalar) -> Bool { c.isASCII ? isUpperASCII(UInt8(c.value)) : c.properties.isUppercase }
}
