import Foundation

/// Case and diacritic folding, the one definition shared by analysis and rules:
/// "Export Controls" and "export controls" fold alike, as do "João" and "joao".
///
/// Folding works scalar by scalar: ASCII is lower-cased in place, and every
/// other scalar below U+0700 (Latin, Greek, Cyrillic, Arabic) goes through a
/// table built once from Foundation's folding, so that a token costs a few
/// table look-ups instead of a call into Foundation.
public enum TextFolding {
    public static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return fold(scalars: s.unicodeScalars)
    }

    /// Folds scalars one by one; also the tokenizer's path for a word with a
    /// non-ASCII scalar, which never builds an intermediate String.
    static func fold(scalars: some Sequence<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for c in scalars { append(c, to: &out) }
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
        } else if v >= 0xFF01 && v <= 0xFF5E {
            // Full-width ASCII folds to ASCII, as Foundation's width-insensitive folding does.
            out.append(contentsOf: fold(String(Unicode.Scalar(v - 0xFEE0)!)).unicodeScalars)
        } else if v >= 0x1E00 && v <= 0x1EFF {
            out.append(contentsOf: foldWithFoundation(c).unicodeScalars)
        } else {
            out.append(c)
        }
    }

    private static func foldWithFoundation(_ c: Unicode.Scalar) -> String {
        String(c).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Folding of U+0080…U+06FF, one entry per scalar (empty for combining marks).
    /// Arabic vowel marks, shadda and tatweel go too: Foundation keeps them, but
    /// "السّودان" and "السودان" are one word to a reader.
    private static let table: [String] = (0x80..<0x700).map { v in
        guard let c = Unicode.Scalar(UInt32(v)) else { return "" }
        if (0x064B...0x065F).contains(v) || v == 0x0670 || v == 0x0640 { return "" }
        return foldWithFoundation(c)
    }
}
