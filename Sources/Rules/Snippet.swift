import Analysis

/// A window of at most `limit` characters around a span, cut at word boundaries.
/// Text written without spaces (Chinese, Japanese) has a boundary beside each
/// of its characters, as its tokens are, so its snippet widens by characters:
/// cut only at spaces, a match in a Chinese paragraph had no context at all.
enum Snippet {
    static func around(_ text: ScalarText, start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let (a, b, cutBefore, cutAfter) = text.withUTF8 { utf8 in
            window(start: start, end: end, limit: limit, within: bounds, isSpace: { text.isSpace($0, in: utf8) },
                   isSpaceless: text.isASCII ? { _ in false } : { isWrittenWithoutSpaces(text.scalar($0, in: utf8)) },
                   joinsPrevious: text.isASCII ? { _ in false } : { joinsPrevious(text.scalar($0, in: utf8)) })
        }
        return text.line(a, b, ellipsisBefore: cutBefore, ellipsisAfter: cutAfter)
    }

    /// Where the snippet starts and ends (scalar offsets), and whether it is
    /// cut on either side, given which scalars are white space and which are
    /// of a script written without spaces (`isWrittenWithoutSpaces`), and
    /// which belong to the character before them (`joinsPrevious`).
    @inline(__always)
    static func window(start: Int, end: Int, limit: Int, within bounds: Range<Int>,
                       isSpace: (Int) -> Bool, isSpaceless: (Int) -> Bool,
                       joinsPrevious: (Int) -> Bool) -> (Int, Int, cutBefore: Bool, cutAfter: Bool) {
        let start = max(bounds.lowerBound, start), end = min(bounds.upperBound, end)
        // Whether a cut between scalars i - 1 and i splits no word, nor a character from its mark.
        func boundary(_ i: Int) -> Bool {
            if i < bounds.upperBound, joinsPrevious(i) { return false }
            return isSpace(i - 1) || isSpaceless(i - 1) || (i < bounds.upperBound && isSpaceless(i))
        }
        if end - start > limit - 2 {
            // A match longer than the snippet: its start, cut at a word.
            var b = start + limit - 1
            while b > start + limit / 2, !boundary(b) { b -= 1 }
            return (start, b, false, true)
        }
        let room = limit - (end - start) - 2   // two ellipses at most
        var a = max(bounds.lowerBound, start - room / 2)
        var b = min(bounds.upperBound, end + (room - (start - a)))
        a = max(bounds.lowerBound, min(a, b - (limit - 2)))
        let cutBefore = a > bounds.lowerBound, cutAfter = b < bounds.upperBound
        // Trim partial words, then the spaces next to the ellipses.
        if cutBefore { while a < start, !boundary(a) { a += 1 } }
        if cutAfter { while b > end, !boundary(b) { b -= 1 } }
        if cutBefore { while a < start, isSpace(a) { a += 1 } }
        if cutAfter { while b > end, isSpace(b - 1) { b -= 1 } }
        return (a, b, cutBefore, cutAfter)
    }

    /// A mark written after the character it belongs to: a combining mark, or a half-width
    /// katakana voicing mark (ﾊﾞ is one letter, バ), which is spaceless itself and so would
    /// otherwise start or end a snippet on its own.
    static func joinsPrevious(_ u: Unicode.Scalar) -> Bool {
        if TextFolding.isHalfWidthVoicing(u) { return true }
        switch u.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Han, kana, and the punctuation written with them (U+3000…U+303F, and the full-width forms that are not
    /// letters or digits): Chinese and Japanese put no spaces between words. Korean does, and Hangul is not here.
    static func isWrittenWithoutSpaces(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x3000 { return false }
        if v >= 0xFF00 && v <= 0xFFEF {
            // Full-width digits and Latin letters make words as ASCII ones do.
            return !(v &- 0xFF10 < 10 || v &- 0xFF21 < 26 || v &- 0xFF41 < 26)
        }
        return v <= 0x303F || (Tokenizer.isIdeograph(u) && !(0xAC00...0xD7AF).contains(v)) || (0x31F0...0x31FF).contains(v)
            || (0x30000...0x3134F).contains(v) || (0x2A700...0x2EBEF).contains(v)
    }
}
