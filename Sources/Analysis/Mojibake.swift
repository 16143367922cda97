/// Repairs UTF-8 text that was once decoded as windows-1252 or Mac Roman
/// ("â€™" → "’", "Jo√£o" → "João") without touching text that was right:
/// a run is replaced only when its bytes in that code page form valid UTF-8
/// multi-byte sequences.
public enum Mojibake {
    public static func repair(_ text: String) -> (text: String, repaired: Bool) {
        // Mojibake of a UTF-8 multi-byte sequence is two or more non-ASCII scalars in a row.
        guard mayHoldMojibake(text) else { return (text, false) }
        let (out, _, repaired) = repair(scalars: Array(text.unicodeScalars))
        return repaired ? (String(String.UnicodeScalarView(out)), true) : (text, false)
    }

    /// True when a non-ASCII scalar directly follows another: a lead byte after a byte ≥ 0x80.
    static func mayHoldMojibake(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            guard b.count > 1 else { return false }
            for i in 1..<b.count where b[i] >= 0xC0 && b[i - 1] >= 0x80 { return true }
            return false
        }
    }

    /// The repaired scalars, and for each the range of input scalars it came from.
    static func repair(scalars: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], from: [Range<Int>], repaired: Bool) {
        var out: [Unicode.Scalar] = []
        var from: [Range<Int>] = []
        out.reserveCapacity(scalars.count)
        from.reserveCapacity(scalars.count)
        var repaired = false
        var i = 0
        while i < scalars.count {
            if scalars[i].value >= 0x80, let (fixed, lengths) = decodeRun(scalars, from: i) {
                for (c, n) in zip(fixed, lengths) {
                    out.append(c)
                    from.append(i..<(i + n))
                    i += n
                }
                repaired = true
            } else {
                out.append(scalars[i])
                from.append(i..<(i + 1))
                i += 1
            }
        }
        return (out, from, repaired)
    }

    /// Tries each code page: the longest prefix at `i` whose bytes decode as UTF-8
    /// multi-byte sequences; the decoded scalars and how many input scalars each took.
    private static func decodeRun(_ s: [Unicode.Scalar], from i: Int) -> ([Unicode.Scalar], [Int])? {
        for table in [cp1252, macRoman] {
            var bytes: [UInt8] = []
            var j = i
            while j < s.count, let b = table[s[j]] { bytes.append(b); j += 1 }
            guard bytes.count >= 2 else { continue }
            var decoded: [Unicode.Scalar] = []
            var lengths: [Int] = []
            var k = 0
            while k < bytes.count {
                let lead = bytes[k]
                let len = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
                guard len > 0, k + len <= bytes.count, bytes[(k + 1)..<(k + len)].allSatisfy({ $0 & 0xC0 == 0x80 }) else { break }
                var utf8 = UTF8()
                var it = bytes[k..<(k + len)].makeIterator()
                guard case .scalarValue(let v) = utf8.decode(&it) else { break }
                decoded.append(v)
                lengths.append(len)
                k += len
            }
            // Mojibake scalars map one-to-one to bytes, so a sequence of n bytes took n scalars.
            guard !decoded.isEmpty else { continue }
            // In Mac Roman, "√" is UTF-8's lead byte for "à"…"ÿ", and maths writes "√π", "√µ", "2√π": one accented
            // letter with no letter beside it is a root, not a word ("Jo√£o", "S√£o" touch letters; trial5 finding 31).
            // Punctuation and symbols are repaired wherever they stand (a closing quote, a spaced dash, "10 €").
            if table == macRoman, decoded.count == 1, decoded[0].properties.isAlphabetic,
               !touchesLetter(s, before: i, after: i + lengths[0]) { continue }
            return (decoded, lengths)
        }
        return nil
    }

    /// Whether a letter is right before scalar `before` or at scalar `after`.
    private static func touchesLetter(_ s: [Unicode.Scalar], before: Int, after: Int) -> Bool {
        func isLetter(_ k: Int) -> Bool { s.indices.contains(k) && s[k].properties.isAlphabetic }
        return isLetter(before - 1) || isLetter(after)
    }

    private static let cp1252: [Unicode.Scalar: UInt8] = {
        var t: [Unicode.Scalar: UInt8] = [:]
        let high: [UInt32] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                              0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]
        for (k, v) in high.enumerated() { t[Unicode.Scalar(v)!] = UInt8(0x80 + k) }
        for b in 0xA0...0xFF { t[Unicode.Scalar(UInt32(b))!] = UInt8(b) }
        return t
    }()

    private static let macRoman: [Unicode.Scalar: UInt8] = {
        let chars = Array("ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ".unicodeScalars)
        var t: [Unicode.Scalar: UInt8] = [:]
        for (k, c) in chars.enumerated() { t[c] = UInt8(0x80 + k) }
        return t
    }()
}
