/// A window of at most `limit` characters around a span, cut at word boundaries.
enum Snippet {
    static func around(_ text: ScalarText, start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let (a, b, cutBefore, cutAfter) = text.withUTF8 { utf8 in
            window(start: start, end: end, limit: limit, within: bounds) { text.isSpace($0, in: utf8) }
        }
        return text.line(a, b, ellipsisBefore: cutBefore, ellipsisAfter: cutAfter)
    }

    /// Where the snippet starts and ends (scalar offsets), and whether it is
    /// cut on either side, given which scalars are white space.
    @inline(__always)
    static func window(start: Int, end: Int, limit: Int, within bounds: Range<Int>,
                       isSpace: (Int) -> Bool) -> (Int, Int, cutBefore: Bool, cutAfter: Bool) {
        let start = max(bounds.lowerBound, start), end = min(bounds.upperBound, end)
        if end - start > limit - 2 {
            // A match longer than the snippet: its start, cut at a word.
            var b = start + limit - 1
            while b > start + limit / 2, !isSpace(b - 1) { b -= 1 }
            return (start, b, false, true)
        }
        let room = limit - (end - start) - 2   // two ellipses at most
        var a = max(bounds.lowerBound, start - room / 2)
        var b = min(bounds.upperBound, end + (room - (start - a)))
        a = max(bounds.lowerBound, min(a, b - (limit - 2)))
        let cutBefore = a > bounds.lowerBound, cutAfter = b < bounds.upperBound
        // Trim partial words, then the spaces next to the ellipses.
        if cutBefore { while a < start, !isSpace(a - 1) { a += 1 } }
        if cutAfter { while b > end, !isSpace(b) { b -= 1 } }
        if cutBefore { while a < start, isSpace(a) { a += 1 } }
        if cutAfter { while b > end, isSpace(b - 1) { b -= 1 } }
        return (a, b, cutBefore, cutAfter)
    }
}
