/// Identifies the language of a text. Scripts decide first: Cyrillic is
/// Russian, Arabic script Arabic, any kana Japanese, Han without kana
/// Chinese, Hangul Korean. Latin-script text is scored with naive Bayes over
/// character 1-3-grams against langdetect's profiles (`LanguageProfiles`).
public enum LanguageGuesser {
    /// The first tokens carry enough evidence; reading further costs without changing the answer.
    static let tokenLimit = 60

    public static func guess(_ tokens: [Token]) -> String? {
        var script: [String: Int] = [:]
        var latin = 0
        for t in tokens.prefix(200) {
            guard let c = t.text.unicodeScalars.first else { continue }
            switch c.value {
            case 0x0041...0x024F: if !t.shape.contains(.numeric) { latin += 1 }
            case 0x0400...0x04FF: script["ru", default: 0] += 1
            case 0x0600...0x06FF: script["ar", default: 0] += 1
            case 0x3040...0x30FF: script["ja", default: 0] += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: script["zh", default: 0] += 1
            case 0xAC00...0xD7AF: script["ko", default: 0] += 1
            default: break
            }
        }
        let kana = script["ja", default: 0]
        let han = script["zh", default: 0]
        // Japanese mixes kana with Han; a Chinese text has no kana at all.
        if kana > 0, kana + han > latin { return "ja" }
        if let (lang, n) = script.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), n > latin { return lang }
        guard latin >= 2 else { return nil }
        return latinLanguage(tokens)
    }

    private static func latinLanguage(_ tokens: [Token]) -> String? {
        let p = LanguageProfiles.shared
        let L = p.languages.count
        var score = [Float](repeating: 0, count: L)
        var grams = 0
        p.rows.withUnsafeBufferPointer { rows in
            func add(_ key: UInt64) {
                guard let r = p.index[key] else { return }
                let base = Int(r) * L
                for l in 0..<L { score[l] += rows[base + l] }
                grams += 1
            }
            var used = 0
            for t in tokens where !t.shape.contains(.numeric) && !t.shape.contains(.allCaps) {
                guard let f = t.text.unicodeScalars.first, f.value >= 0x41, f.value <= 0x24F else { continue }
                var prev2: Unicode.Scalar = " ", prev1: Unicode.Scalar = " "
                for c in t.text.unicodeScalars + [" "] {
                    let lc = lower(c)
                    if lc != " " { add(UInt64(lc.value)) }
                    add(UInt64(prev1.value) << 21 | UInt64(lc.value))
                    if prev1 != " " || prev2 != " " { add(UInt64(prev2.value) << 42 | UInt64(prev1.value) << 21 | UInt64(lc.value)) }
                    prev2 = prev1
                    prev1 = lc
                }
                used += 1
                if used >= tokenLimit { break }
            }
        }
        guard grams >= 8, let best = score.indices.max(by: { score[$0] < score[$1] }) else { return nil }
        return p.languages[best]
    }

    @inline(__always)
    private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.value >= 65 && c.value <= 90 { return Unicode.Scalar(c.value + 32)! }
        if c.isASCII { return c }
        let l = c.properties.lowercaseMapping.unicodeScalars
        return l.count == 1 ? l.first! : c
    }
}
