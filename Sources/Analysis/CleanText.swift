import Foundation
import Markup

/// Article HTML → the text analysis and matching work on: markup removed,
/// entities decoded, whitespace normalised, NFC, mojibake repaired.
/// Plain text keeps its paragraphs: a blank line stays a paragraph break.
/// A change to the text an unchanged article yields must bump `ContentHash.scheme`.
public enum CleanText {
    public static func from(html: String) -> (text: String, repairedMojibake: Bool) {
        var copy = html
        let looksLikeMarkup = copy.withUTF8 { b in b.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") } }
        let plain = looksLikeMarkup ? HTMLText.plainText(html) : paragraphs(html)
        let (fixed, repaired) = Mojibake.repair(plain)
        return (nfc(fixed), repaired)
    }

    /// Text whose every scalar is NFC-stable and combines with nothing
    /// (`isStableInNFC`) is already NFC; anything else goes through Foundation.
    static func nfc(_ s: String) -> String {
        var copy = s
        // Lead bytes below 0xCC start scalars below U+0300; only the others need a look.
        let stable = copy.withUTF8 { b in
            var i = 0
            while i < b.count {
                let lead = b[i]
                if lead < 0xCC { i += 1; continue }
                var decoder = UTF8()
                var it = b[i...].makeIterator()
                guard case .scalarValue(let c) = decoder.decode(&it), isStableInNFC(c) else { return false }
                i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            }
            return true
        }
        return stable ? s : s.precomposedStringWithCanonicalMapping
    }

    /// True for scalars that NFC leaves alone whatever surrounds them: Latin up to
    /// U+02FF, Greek and Cyrillic letters, Hebrew and Arabic letters (not their
    /// marks), punctuation, currency signs, CJK ideographs, kana (not the voicing
    /// marks), Hangul syllables, full-width forms and emoji.
    @inline(__always)
    static func isStableInNFC(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x300 { return true }
        switch v {
        case 0x370...0x373, 0x375...0x37D, 0x37F...0x386, 0x388...0x3FF, 0x400...0x482, 0x48A...0x52F: return true
        case 0x5D0...0x5F4, 0x600...0x60F, 0x61B...0x64A, 0x660...0x66F, 0x671...0x6D5, 0x6EE...0x6FF: return true
        case 0x2002...0x2027, 0x2030...0x205E, 0x20A0...0x20C0, 0x2100...0x2125, 0x2190...0x2328, 0x232B...0x23FF: return true
        case 0x2460...0x2BFF, 0x3000...0x3098, 0x309B...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3: return true
        case 0xFF00...0xFFEF, 0x1F300...0x1FAFF: return true
        default: return false
        }
    }

    /// Whitespace collapsed; a line break alone becomes a space, a blank line a paragraph
    /// break. Works on UTF-8 bytes; the only multi-byte whitespace news text carries
    /// (no-break, thin and ideographic spaces, line and paragraph separators) is recognised by its bytes.
    static func paragraphs(_ text: String) -> String {
        var text = text
        return text.withUTF8 { src in
            String(unsafeUninitializedCapacity: src.count) { out in
                var n = 0
                var pendingSpace = false
                var newlines = 0
                var i = 0
                while i < src.count {
                    let b = src[i]
                    var width = 0
                    if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C {
                        width = 1
                    } else if b == 0x0A {
                        width = 1
                        newlines += 1
                    } else if b >= 0xC2 {
                        width = whitespaceWidth(src, i)
                        if width > 0, b == 0xE2, src[i + 1] == 0x80, src[i + 2] == 0xA8 || src[i + 2] == 0xA9 { newlines += 1 }
                    }
                    if width > 0 {
                        pendingSpace = true
                        i += width
                        continue
                    }
                    if n > 0 {
                        if newlines >= 2 {
                            out[n] = 0x0A; out[n + 1] = 0x0A; n += 2
                        } else if pendingSpace {
                            out[n] = 0x20; n += 1
                        }
                    }
                    newlines = 0
                    pendingSpace = false
                    out[n] = b
                    n += 1
                    i += 1
                }
                return n
            }
        }
    }

    /// Byte length of the Unicode whitespace at `i` (U+0085, U+00A0, U+1680, U+2000–U+200A,
    /// U+2028, U+2029, U+202F, U+205F, U+3000), or 0.
    @inline(__always)
    private static func whitespaceWidth(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = s[i]
        if b == 0xC2, i + 1 < s.count, s[i + 1] == 0x85 || s[i + 1] == 0xA0 { return 2 }
        guard i + 2 < s.count else { return 0 }
        let b1 = s[i + 1], b2 = s[i + 2]
        if b == 0xE1, b1 == 0x9A, b2 == 0x80 { return 3 }
        if b == 0xE2, b1 == 0x80, b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
        if b == 0xE2, b1 == 0x81, b2 == 0x9F { return 3 }
        if b == 0xE3, b1 == 0x80, b2 == 0x80 { return 3 }
        return 0
    }
}
