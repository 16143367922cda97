import Foundation

/// Case and diacritic folding, the one definition shared by analysis and rules:
/// "Export Controls" and "export controls" fold alike, as do "João" and "joao".
///
/// Folding works scalar by scalar: ASCII is lower-cased in place, and every
/// other scalar below U+0700 (Latin, Greek, Cyrillic, Hebrew, Arabic) goes through a
/// table built once from Foundation's folding, so that a token costs a few
/// table look-ups instead of a call into Foundation.
///
/// Foundation's diacritic folding only removes what Unicode decomposes into a
/// base letter and a mark; the letters that carry a stroke, a slash or a bar
/// ("Wałęsa", "Øresund", "Đoković"), the ligatures ("æ", "œ", and "ﬁ" from PDFs)
/// and the letter-like signs NFC replaces (U+212A KELVIN, U+212B ANGSTROM) are
/// folded here, as an English wire spells them: a query term and the text are
/// folded by this one function, whichever side the letter is on. Subscript
/// digits are ASCII digits ("CO₂" is "co2"), as full-width letters are ASCII, and half-width
/// katakana are katakana ("ｿﾌﾄﾊﾞﾝｸ" is "ソフトバンク", its voicing marks joined to their letters).
public enum TextFolding {
    public static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return fold(scalars: s.unicodeScalars)
    }

    /// Full-width ASCII forms (U+FF01…U+FF5E) as ASCII and half-width katakana as katakana, and nothing else:
    /// what a `case:` term compares, for which width says nothing and case everything (`case:US` matches "ＵＳ",
    /// not "us" or "ｕｓ"; `case:"ソフトバンク"` matches "ｿﾌﾄﾊﾞﾝｸ").
    public static func narrowed(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isFullWidthASCII($0) || isHalfWidthKatakana($0) }) else { return s }
        var out = String.UnicodeScalarView()
        var voicing = false
        for c in s.unicodeScalars {
            if isHalfWidthVoicing(c) { voicing = true }
            if isFullWidthASCII(c) {
                out.append(Unicode.Scalar(c.value - 0xFEE0)!)
            } else if isHalfWidthKatakana(c) {
                out.append(contentsOf: halfWidthKatakana[Int(c.value - 0xFF66)].unicodeScalars)
            } else {
                out.append(c)
            }
        }
        // "ﾊﾞ" became ハ and a combining mark, and is バ, as a Japanese text in full width writes it.
        return voicing ? String(out).precomposedStringWithCanonicalMapping : String(out)
    }

    @inline(__always)
    private static func isFullWidthASCII(_ c: Unicode.Scalar) -> Bool { c.value &- 0xFF01 < 0x5E }

    /// Half-width katakana (U+FF66 ｦ…U+FF9D ﾝ, with the prolonged sound mark ｰ) and their voicing marks ﾞ and ﾟ
    /// (U+FF9E, U+FF9F): the katakana of old Japanese character sets, still in some feeds.
    @inline(__always)
    public static func isHalfWidthKatakana(_ c: Unicode.Scalar) -> Bool { c.value &- 0xFF66 < 0x3A }

    /// Whether `c` is a half-width voicing mark, ﾞ or ﾟ, written after the letter it voices ("ﾊﾞ" is "バ").
    @inline(__always)
    public static func isHalfWidthVoicing(_ c: Unicode.Scalar) -> Bool { c.value &- 0xFF9E < 2 }

    /// Half-width katakana as full-width ones, as NFKC maps them; a voicing mark as its combining form
    /// (U+3099, U+309A), which composing (NFC) joins to the letter before it.
    private static let halfWidthKatakana: [String] = (0xFF66...0xFF9F).map {
        String(Unicode.Scalar(UInt32($0))!).precomposedStringWithCompatibilityMapping
    }

    /// Folds scalars one by one; also the tokenizer's path for a word with a
    /// non-ASCII scalar, which never builds an intermediate String. `vietnameseNearby`:
    /// a word beside this one is Vietnamese, so its "Đ" is "D" (`foldingDj`).
    static func fold(scalars: some Collection<Unicode.Scalar>, vietnameseNearby: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var slavicDj = false
        var voicing = false
        for c in scalars {
            if c == "\u{110}" || c == "\u{111}" { slavicDj = true }
            if isHalfWidthVoicing(c) { voicing = true }
            append(c, to: &out)
        }
        let folded = slavicDj ? foldingDj(scalars, vietnameseNearby: vietnameseNearby) : String(out)
        return voicing ? folded.precomposedStringWithCanonicalMapping : folded
    }

    /// Whether a word holds "Đ" or "đ".
    static func hasDj(_ scalars: some Sequence<Unicode.Scalar>) -> Bool { scalars.contains { $0.value == 0x110 || $0.value == 0x111 } }

    /// Whether a word holds a letter with a diacritic South Slavic does not write: Vietnamese, nearly always.
    /// (Decomposed text: a combining acute or caron is ć, č, š or ž's; any other mark is not South Slavic.)
    static func isVietnamese(_ scalars: some Sequence<Unicode.Scalar>) -> Bool {
        scalars.contains {
            $0.value >= 0x80 && !slavicLetters.contains($0.value) && $0.value != 0x301 && $0.value != 0x30C
                && ($0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark)
        }
    }
    private static let slavicLetters: Set<UInt32> = [0x106, 0x107, 0x10C, 0x10D, 0x160, 0x161, 0x17D, 0x17E, 0x110, 0x111]

    /// Whether a word beside a word with "Đ" is Vietnamese: it holds a letter only Vietnamese writes (ă, ơ, ư, ĩ, ũ,
    /// the Latin Extended Additional letters ạ ả ấ … ỹ, or their decomposed hook, horn or dot below). Any letter South
    /// Slavic does not write (`isVietnamese`) was taken, so "Tromsø Đoković", "Søren Đoković", "Straße. Novak Đoković"
    /// folded to "dokovic" and `Djokovic`, even `Đoković`, missed (trial7 finding N1). The word with "Đ" itself is
    /// judged by `isVietnamese`: a Serbian or Croatian word never has à or â.
    static func isVietnameseNeighbour(_ scalars: some Sequence<Unicode.Scalar>) -> Bool {
        scalars.contains { c in
            switch c.value {
            case 0x1EA0...0x1EF9, 0x102, 0x103, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x128, 0x129, 0x168, 0x169, 0x309, 0x31B, 0x323: true
            default: false
            }
        }
    }

    /// "Đ" is "Dj" in a South Slavic name ("Đoković" → Djokovic, "Đuro Đaković" → Djuro Djakovic) and
    /// "D" in Vietnamese ("Đà Nẵng" → Da Nang, "Đặng" → Dang, "Đinh Tiến Dũng" → Dinh Tien Dung): "d"
    /// when its word, or a word near it, holds a letter with a diacritic that South Slavic does not write
    /// (Vietnamese words nearly all carry one: à, ặ, ô, ư…), "dj" otherwise. A name folded whole (the entity
    /// side) looks at all its words; the tokeniser at the two words on either side (`Tokenizer`'s fix-up),
    /// so a name folds alike both ways: the decision had hung on ć, č, š or ž in the same word, and "Đuro"
    /// was "duro" as a token beside "Đaković", "djuro" in the name (review of tokens, 5); then on the word
    /// alone, and "Đinh" in "Đinh Tiến Dũng" was "djinh" (review of this session, 9).
    private static func foldingDj(_ scalars: some Collection<Unicode.Scalar>, vietnameseNearby: Bool) -> String {
        let wholeVietnamese = vietnameseNearby || isVietnamese(scalars)
        var out = String.UnicodeScalarView()
        var word: [Unicode.Scalar] = []
        func flush() {
            let vietnamese = wholeVietnamese
            for c in word {
                if (c.value == 0x110 || c.value == 0x111) && !vietnamese {
                    out.append(contentsOf: "dj".unicodeScalars)
                } else {
                    append(c, to: &out)
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        for c in scalars {
            if c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark {
                word.append(c)
            } else {
                flush()
                append(c, to: &out)
            }
        }
        flush()
        return String(out)
    }

    /// ASCII bytes lower-cased into a new string (small, so inline, for most words).
    @inline(__always)
    static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            for k in 0..<bytes.count { let c = bytes[k]; out[k] = c &- 0x41 < 26 ? c | 0x20 : c }
            return bytes.count
        }
    }

    @inline(__always)
    static func append(_ c: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = c.value
        if v < 0x80 {
            out.append(v >= 65 && v <= 90 ? Unicode.Scalar(UInt8(v + 32)) : c)
        } else if v < 0x700 {
            out.append(contentsOf: table[Int(v) - 0x80].unicodeScalars)
        } else if v >= 0x2080 && v <= 0x2089 {
            // Subscript digits are digits ("CO₂" is co2, "H₂O" h2o), as NFKC reads them (trial7 N23).
            out.append(Unicode.Scalar(UInt8(v - 0x2080 + 0x30)))
        } else if isFullWidthASCII(c) {
            // Full-width ASCII folds to ASCII, as Foundation's width-insensitive folding does.
            out.append(contentsOf: fold(String(Unicode.Scalar(v - 0xFEE0)!)).unicodeScalars)
        } else if v >= 0x1E00 && v <= 0x1FFF {
            // Vietnamese and polytonic Greek ("ἀ", and "ά" with oxia, which NFC makes tonos).
            out.append(contentsOf: foldWithFoundation(c).unicodeScalars)
        } else if v >= 0xF900 && v <= 0xFAFF {
            // CJK compatibility ideographs: NFC replaces most by their unified ideograph,
            // in the clean text but not in a query term; folding does it on both sides.
            out.append(contentsOf: String(c).precomposedStringWithCanonicalMapping.unicodeScalars)
        } else if isHalfWidthKatakana(c) {
            out.append(contentsOf: halfWidthKatakana[Int(v - 0xFF66)].unicodeScalars)
        } else if (v >= 0xFB00 && v <= 0xFB06) || (v >= 0x2126 && v <= 0x212B) {
            out.append(contentsOf: (beyondTable[v] ?? String(c)).unicodeScalars)
        } else {
            out.append(c)
        }
    }

    private static func foldWithFoundation(_ c: Unicode.Scalar) -> String {
        String(c).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Folding of U+0080…U+06FF, one entry per scalar (empty for combining marks).
    /// Arabic vowel marks, shadda and tatweel go too: Foundation keeps them, but
    /// "السّودان" and "السودان" are one word to a reader; so do Hebrew points
    /// (niqqud and cantillation: "קוֹל" is "קול").
    private static let table: [String] = (0x80..<0x700).map { v in
        guard let c = Unicode.Scalar(UInt32(v)) else { return "" }
        if (0x064B...0x065F).contains(v) || v == 0x0670 || v == 0x0640 { return "" }
        if (0x0591...0x05C7).contains(v), c.properties.generalCategory == .nonspacingMark { return "" }
        if let letter = strokes[v] { return letter }
        return foldWithFoundation(c)
    }

    /// Latin letters Unicode does not decompose, as ASCII spells them (what
    /// Lucene's ASCII folding does; "đ" is decided per word, see `foldingDj`).
    private static let strokes: [Int: String] = [
        0xC6: "ae", 0xE6: "ae", 0xD0: "d", 0xF0: "d", 0xD8: "o", 0xF8: "o", 0xDE: "th", 0xFE: "th",
        0x110: "d", 0x111: "d", 0x126: "h", 0x127: "h", 0x131: "i", 0x13F: "l", 0x140: "l", 0x141: "l", 0x142: "l",
        0x152: "oe", 0x153: "oe", 0x166: "t", 0x167: "t", 0x17F: "s", 0x180: "b", 0x197: "i", 0x1B5: "z", 0x1B6: "z",
        0x1E4: "g", 0x1E5: "g", 0x23A: "a", 0x23B: "c", 0x23C: "c", 0x246: "e", 0x247: "e", 0x248: "j", 0x249: "j",
        0x24C: "r", 0x24D: "r", 0x24E: "y", 0x24F: "y", 0x268: "i",
    ]

    /// Above the table: the Latin ligatures (U+FB00…U+FB06) and the letter-like
    /// signs that NFC maps to letters, so that a query term that holds one
    /// (queries are not normalised) folds as the clean text does.
    private static let beyondTable: [UInt32: String] = [
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
        0x212A: "k", 0x212B: "a", 0x2126: "ω",
    ]
}
