import WirewatchCore

/// A text addressed by Unicode scalar offsets (as evidence spans are), that
/// cuts substrings by copying UTF-8 bytes: evidence is built for every rule
/// that fires, so this must be cheap.
struct ScalarText {
    private let utf8: [UInt8]
    /// UTF-8 offset of each scalar, and of the end; empty when the text is
    /// ASCII (most articles), where a scalar offset is a byte offset.
    private let offsets: [Int32]

    init(_ text: String) {
        utf8 = Array(text.utf8)
        guard !Self.isASCII(utf8) else { offsets = []; return }
        offsets = utf8.withUnsafeBufferPointer { bytes in
            [Int32](unsafeUninitializedCapacity: bytes.count + 1) { out, n in
                n = 0
                for i in 0..<bytes.count where bytes[i] & 0xC0 != 0x80 {   // not a continuation byte
                    out[n] = Int32(i)
                    n += 1
                }
                out[n] = Int32(bytes.count)
                n += 1
            }
        }
    }

    var count: Int { offsets.isEmpty ? utf8.count : offsets.count - 1 }

    /// Eight bytes at a time: a text is made for every article a rule fires on.
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var i = 0
            var high: UInt64 = 0
            while i + 8 <= raw.count {
                high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < raw.count {
                high |= UInt64(raw[i])
                i += 1
            }
            return high & 0x8080_8080_8080_8080 == 0
        }
    }

    @inline(__always)
    private func offset(_ i: Int) -> Int { offsets.isEmpty ? i : Int(offsets[i]) }

    /// Scalars `a..<b` as a string, line breaks as spaces, with "…" on the cut sides.
    func string(_ a: Int, _ b: Int, ellipsisBefore: Bool = false, ellipsisAfter: Bool = false) -> String {
        let from = offset(a), to = offset(b)
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
        let from = offset(i)
        let lead = utf8[from]
        if lead < 0x80 { return lead == 0x20 || lead == 0x0A || lead == 0x09 || lead == 0x0D }
        let scalar = String(decoding: utf8[from..<offset(i + 1)], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isWhitespace ?? false
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
    /// The most evidence a match carries from `RuleBook.match`: an alert
    /// keeps that many (`AlertDecision`), so building more is wasted.
    static let evidenceLimit = 20

    /// The alert evidence for hits, in document order (topic and metadata
    /// hits first): the clause, the field, the span relative to that field,
    /// the matched text and a snippet. With more than `limit` hits, the first
    /// hit of every clause is kept, then the earliest others.
    func evidence(_ hits: [Hit], program: QueryProgram, limit: Int = .max) -> [AlertRecord.Evidence] {
        Self.select(hits, limit: limit).map { evidence($0, program) }
    }

    static func select(_ hits: [Hit], limit: Int) -> [Hit] {
        if hits.count <= limit, hits.count <= 16 {
            // The usual case, a few hits all kept: a stable insertion sort in
            // place, no arrays of positions (evidence is made for every rule that fires).
            var sorted = hits
            for i in 1..<max(1, sorted.count) {
                let x = sorted[i]
                var j = i
                while j > 0, precedes(x, sorted[j - 1]) {
                    sorted[j] = sorted[j - 1]
                    j -= 1
                }
                sorted[j] = x
            }
            return sorted
        }
        func before(_ a: Int, _ b: Int) -> Bool {
            Self.precedes(hits[a], hits[b]) || (!Self.precedes(hits[b], hits[a]) && a < b)
        }
        var order = Array(hits.indices)
        if hits.count > 1 { order.sort(by: before) }
        guard hits.count > limit else { return order.map { hits[$0] } }
        var chosen = [Bool](repeating: false, count: hits.count)
        var clauses: [Int32] = []
        var n = 0
        for i in order where n < limit && !clauses.contains(hits[i].clause) {
            clauses.append(hits[i].clause)
            chosen[i] = true
            n += 1
        }
        for i in order where n < limit && !chosen[i] {
            chosen[i] = true
            n += 1
        }
        return order.filter { chosen[$0] }.map { hits[$0] }
    }

    /// Document order, topic and metadata hits first; equal hits keep their order.
    @inline(__always)
    private static func precedes(_ x: Hit, _ y: Hit) -> Bool {
        let tx = x.kind == .text, ty = y.kind == .text
        if tx != ty { return ty }
        guard tx else { return false }
        return x.start != y.start ? x.start < y.start : x.end < y.end
    }

    private func evidence(_ hit: Hit, _ program: QueryProgram) -> AlertRecord.Evidence {
        let clause = program.strings[Int(hit.clause)]
        let start = Int(hit.start), end = Int(hit.end)
        switch hit.kind {
        case .text:
            // Rules that share a word share its spans: cut each snippet once per article.
            let key = Int64(start) << 32 | Int64(end)
            if evidenceCache.isEmpty { evidenceCache.reserveCapacity(64) }
            if var known = evidenceCache[key] {
                known.clause = clause
                return known
            }
            let text = self.text
            let analysis = input.analysis
            let inTitle = end <= analysis.titleEnd
            let bounds = inTitle ? 0..<analysis.titleEnd : analysis.bodyStart..<text.count
            let base = bounds.lowerBound
            let made = AlertRecord.Evidence(
                clause: clause, field: inTitle ? "title" : "text", span: [start - base, end - base],
                match: text.string(start, end),
                snippet: Snippet.around(text, start: start, end: end, limit: Self.snippetLength, within: bounds))
            evidenceCache[key] = made
            return made
        case .metadata:
            let v = ScalarText(metadata(hit.field)[Int(hit.extra)].value)
            return AlertRecord.Evidence(clause: clause, field: hit.field.rawValue, span: [start, end], match: v.string(start, end),
                                        snippet: Snippet.around(v, start: start, end: end, limit: Self.snippetLength, within: 0..<v.count))
        case .topic:
            // Every rule naming the topic shares its evidence: made once per article.
            let k = Int(hit.extra)
            if var known = topicEvidence[k] {
                known.clause = clause
                return known
            }
            let topic = input.analysis.topics[k]
            let why = "score \(topic.score): " + topic.evidence.joined(separator: ", ")
            // A string of at most that many bytes has at most that many characters.
            let snippet = why.utf8.count <= Self.snippetLength ? why : String(why.prefix(Self.snippetLength))
            let made = AlertRecord.Evidence(clause: clause, field: "topic", span: [], snippet: snippet)
            topicEvidence[k] = made
            return made
        }
    }
}
