import WirewatchCore

/// A text addressed by Unicode scalar offsets (as evidence spans are), that
/// cuts substrings by copying UTF-8 bytes: evidence is built for every place
/// a firing rule matched, so this must be cheap.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    private let utf8: [UInt8]
    /// UTF-8 offset of each scalar, and of the end.
    private let offsets: [Int32]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        utf8 = Array(text.utf8)
        var offsets: [Int32] = []
        offsets.reserveCapacity(scalars.count + 1)
        var o: Int32 = 0
        for c in scalars {
            offsets.append(o)
            o += Int32(UTF8.width(c))
        }
        offsets.append(o)
        self.offsets = offsets
    }

    var count: Int { scalars.count }

    /// Scalars `a..<b` as a string, line breaks as spaces, with "…" on the cut sides.
    func string(_ a: Int, _ b: Int, ellipsisBefore: Bool = false, ellipsisAfter: Bool = false) -> String {
        let from = Int(offsets[a]), to = Int(offsets[b])
        let capacity = to - from + (ellipsisBefore ? 3 : 0) + (ellipsisAfter ? 3 : 0)
        return utf8.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: capacity) { out in
                var n = 0
                if ellipsisBefore { out[0] = 0xE2; out[1] = 0x80; out[2] = 0xA6; n = 3 }
                for i in from..<to {
                    let byte = source[i]
                    out[n] = byte == 0x0A ? 0x20 : byte
                    n += 1
                }
                if ellipsisAfter { out[n] = 0xE2; out[n + 1] = 0x80; out[n + 2] = 0xA6; n += 3 }
                return n
            }
        }
    }

    func isSpace(_ i: Int) -> Bool {
        let c = scalars[i]
        return c.isASCII ? c == " " || c == "\n" || c == "\t" || c == "\r" : c.properties.isWhitespace
    }
}

/// A window of at most `limit` characters around a span, cut at word boundaries.
enum Snippet {
    static func around(_ text: ScalarText, start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let start = max(bounds.lowerBound, start), end = min(bounds.upperBound, end)
        if end - start > limit - 2 {
            // A match longer than the snippet: its start, cut at a word.
            var b = start + limit - 1
            while b > start + limit / 2, !text.isSpace(b - 1) { b -= 1 }
            return text.string(start, b, ellipsisAfter: true)
        }
        let room = limit - (end - start) - 2   // two ellipses at most
        var a = max(bounds.lowerBound, start - room / 2)
        var b = min(bounds.upperBound, end + (room - (start - a)))
        a = max(bounds.lowerBound, min(a, b - (limit - 2)))
        let cutBefore = a > bounds.lowerBound, cutAfter = b < bounds.upperBound
        // Trim partial words, then the spaces next to the ellipses.
        if cutBefore { while a < start, !text.isSpace(a - 1) { a += 1 } }
        if cutAfter { while b > end, !text.isSpace(b) { b -= 1 } }
        if cutBefore { while a < start, text.isSpace(a) { a += 1 } }
        if cutAfter { while b > end, text.isSpace(b - 1) { b -= 1 } }
        return text.string(a, b, ellipsisBefore: cutBefore, ellipsisAfter: cutAfter)
    }
}

extension ArticleView {
    static let snippetLength = 160

    /// The alert evidence for hits: field, span relative to that field, the
    /// matched text and a snippet.
    func evidence(_ hits: [Hit]) -> [AlertRecord.Evidence] {
        let text = self.text
        return hits.map { evidence($0, text) }
    }

    private func evidence(_ hit: Hit, _ text: ScalarText) -> AlertRecord.Evidence {
        switch hit.location {
        case .text(let start, let end):
            let analysis = input.analysis
            let inTitle = end <= analysis.titleEnd
            let bounds = inTitle ? 0..<analysis.titleEnd : analysis.bodyStart..<text.count
            let base = bounds.lowerBound
            return AlertRecord.Evidence(
                clause: hit.clause, field: inTitle ? "title" : "text", span: [start - base, end - base],
                match: text.string(start, end),
                snippet: Snippet.around(text, start: start, end: end, limit: Self.snippetLength, within: bounds))
        case .metadata(let field, let value, let start, let end):
            let v = ScalarText(value)
            return AlertRecord.Evidence(clause: hit.clause, field: field.rawValue, span: [start, end], match: v.string(start, end),
                                        snippet: Snippet.around(v, start: start, end: end, limit: Self.snippetLength, within: 0..<v.count))
        case .topic(let score, let evidence):
            return AlertRecord.Evidence(clause: hit.clause, field: "topic", span: [],
                                        snippet: String("score \(score): " + evidence.joined(separator: ", ")).prefix(Self.snippetLength).description)
        }
    }
}
