import TestSupport

/// Seeded text for comparing tokenisers: news-like pieces in many scripts (initialisms,
/// abbreviations, apostrophes, hyphens, combining marks, mojibake, emoji, CJK, full-width
/// forms, odd digits) joined by every separator the tokeniser and the sentence splitter
/// look at, and runs of random scalars from chosen blocks.
enum GeneratedText {
    static let pieces: [String] = [
        "The", "the", "U.S.", "U.K.", "A.B.C.", "É.U.", "Ü.S.A.", "U.S.A", "Mr.", "Mrs", "Dr.", "Inc.", "Jan.", "Sept.", "e.g.", "i.e.", "J.",
        "x.", "No.", "St.", "OpenAI", "DeepSeek", "iPhone", "NATO", "McDonald's", "O'Brien", "it’s", "OpenAI’s", "Keller-Sutter",
        "co\u{2010}op", "non\u{2011}stop", "João", "Zürich", "naïve", "café", "Crème", "ÉCOLE", "ÉÉ", "Ørsted", "Straße", "İstanbul",
        "ǅemal", "ﬁnance", "Ⅻ", "Ⅻth", "٣٤", "١٢", "１２３", "ＡＢＣ", "Ｔｏｋｙｏ", "Москва", "МИД", "Ελλάδα", "ΟΗΕ", "السّودان",
        "الـعربية", "שלום", "深度求索", "東京都", "一二三", "ひらがな", "カタカナ", "한국어", "𠀀𠀁", "ไทย", "हिन्दी", "e\u{301}",
        "E\u{301}COLE", "a\u{308}b", "Ṭhe", "Ḍelhi", "Việt", "Nguyễn", "😀", "👩‍💻", "👍🏽", "🇺🇸", "Jo√£o", "itâ€™s", "cafÃ©",
        "Ã‰", "â€œquotedâ€\u{9D}", "42", "3.5", "1,000", "2026", "50%", "$5", "£5", "€", "x²", "½", "H₂O", "\u{A0}", "\u{200B}",
        "\u{FEFF}", "\u{FFFD}", "\t", "\u{0}", "\r\n", "AI", "A", "I", "a", "Ab", "aB", "ABc", "xYz", "GPT-4o", "COVID-19", "5G",
        "4chan", "Ü", "Éa", "ÀB", "ǈ", "ǉ", "Σ", "ς", "ı", "ß", "ẞ", "Å", "Å", "Ω", "K", "ﬀ", "ｶﾀｶﾅ", "ｱ", "ノ", "ー",
        "〇", "々", "中文.", "Wang", "Fan", "Sacks", "Leavitt", "Lutnick", "Trump", "Bloomberg", "BBC", "Fox", "News",
        "\u{2028}", "\u{3000}", "…", "—", "–", "•", "·", "'s", "’s", "-based", "’", "‘", "“", "”", "\"", "(", ")", "[", "]",
    ]
    static let separators: [String] = [
        " ", " ", " ", " ", " ", ". ", "! ", "? ", ".\" ", ".” ", ".’ ", ".) ", ".] ", ".\"’ ", "\n", "\n\n", "\n\n\n", ", ", "-",
        "'", "’", "\u{2010}", "\u{2011}", ".", "", " “", " ‘", " (", " [", "  ", ".\n", "!\n\n", ":", "/", ". “", ".  ", ". \n ",
        ".\u{A0}", ". 1", ". É", ". é", ". ٣", ". Ⅻ", ". 深", "? ‘", "… ", "—", " — ", ". (", "._", ".,",
    ]
    static let blocks: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0x20...0x7E, 0xA0...0xFF, 0x100...0x24F, 0x250...0x2FF, 0x300...0x36F, 0x370...0x3FF, 0x400...0x52F,
        0x590...0x5FF, 0x600...0x6FF, 0x900...0x97F, 0xE00...0xE7F, 0x1E00...0x1EFF, 0x2000...0x206F, 0x2070...0x218F,
        0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFB00...0xFB4F, 0xFF00...0xFFEF,
        0x1D400...0x1D7FF, 0x1F300...0x1FAFF, 0x20000...0x2A6DF, 0xE0000...0xE007F, 0x0...0x10FFFF,
    ]

    static func corpus(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { k in
            switch k % 10 {
            case 0: return randomScalars(&random, length: random.below(60) + 1)
            case 1: return String(decoding: (0..<random.below(80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, as: UTF8.self)
            case 2: return (0..<random.below(40) + 1).map { _ in prose(&random, pieces: random.below(30) + 1) }.joined(separator: "\n\n")
            default: return prose(&random, pieces: random.below(40) + 1)
            }
        }
    }

    static func prose(_ random: inout SeededRandom, pieces count: Int) -> String {
        var s = ""
        for k in 0..<count {
            if k > 0 { s += separators[random.below(separators.count)] }
            s += random.below(12) == 0 ? randomScalars(&random, length: random.below(4) + 1) : pieces[random.below(pieces.count)]
        }
        return s
    }

    static func randomScalars(_ random: inout SeededRandom, length: Int) -> String {
        var view = String.UnicodeScalarView()
        let block = blocks[random.below(blocks.count)]
        while view.count < length {
            let v = block.lowerBound + UInt32(random.below(Int(block.upperBound - block.lowerBound) + 1))
            if let c = Unicode.Scalar(v) { view.append(c) }
        }
        return String(view)
    }
}

extension SeededRandom {
    /// 0..<n from one draw, the same on every toolchain (unlike `Int.random(in:using:)`).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
