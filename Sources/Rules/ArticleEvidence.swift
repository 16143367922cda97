import Markup
import WirewatchCore

/// The alert evidence of the rules that fire on one article, made after
/// every candidate has been evaluated: a span several rules share (a word, an
/// entity's mention) is cut once, a topic's evidence is written once, and
/// each rule's piece of it costs only its clause.
struct ArticleEvidence {
    static let snippetLength = 160
    /// The most evidence a match carries from `RuleBook.match`: an alert
    /// keeps that many, so building more is wasted.
    static let limit = AlertRecord.evidenceLimit

    private let view: ArticleView
    private let strings: [String]
    private let text: ScalarText
    /// Text evidence already cut, by span: an open-addressing table whose
    /// slots hold a span's key (`start << 32 | end`, -1 when free) and its
    /// position in `made`. A few dozen spans an article; a dictionary's
    /// hashing cost more than cutting some of them.
    private var slots: [Slot] = []
    private var made: [AlertRecord.Evidence] = []
    /// Topic evidence (its snippet) by position in the analysis's topics, once made.
    private var topics: [String?] = []

    private struct Slot {
        var key: Int64 = -1
        var place: Int32 = 0
    }
    /// A rule's hits in evidence order: one buffer for every rule.
    private var order: [Hit] = []

    init(_ view: ArticleView, program: QueryProgram) {
        self.view = view
        strings = program.strings
        text = ScalarText(view.input.analysis.text)
    }

    /// The alert evidence for hits, in document order (topic and metadata
    /// hits first): the clause, the field, the span relative to that field,
    /// the matched text and a snippet. With more than `limit` hits, the first
    /// hit of every clause is kept, then the earliest others.
    mutating func of(_ hits: ArraySlice<Hit>, limit: Int = .max) -> [AlertRecord.Evidence] {
        if hits.count == 1, limit > 0 { return [evidence(hits[hits.startIndex])] }
        Self.select(hits, limit: limit, into: &order)
        var out: [AlertRecord.Evidence] = []
        out.reserveCapacity(order.count)
        for hit in order { out.append(evidence(hit)) }
        return out
    }

    private static func select(_ hits: ArraySlice<Hit>, limit: Int, into sorted: inout [Hit]) {
        sorted.removeAll(keepingCapacity: true)
        if hits.count <= limit, hits.count <= 16 {
            // The usual case, a few hits all kept: a stable insertion sort, no
            // arrays of positions (evidence is made for every rule that fires).
            for x in hits {
                sorted.append(x)
                var j = sorted.count - 1
                while j > 0, precedes(x, sorted[j - 1]) {
                    sorted[j] = sorted[j - 1]
                    j -= 1
                }
                sorted[j] = x
            }
            return
        }
        let hits = Array(hits)
        func before(_ a: Int, _ b: Int) -> Bool {
            precedes(hits[a], hits[b]) || (!precedes(hits[b], hits[a]) && a < b)
        }
        var order = Array(hits.indices)
        if hits.count > 1 { order.sort(by: before) }
        guard hits.count > limit else { return sorted.append(contentsOf: order.map { hits[$0] }) }
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
        sorted.append(contentsOf: order.filter { chosen[$0] }.map { hits[$0] })
    }

    /// Document order, topic and metadata hits first; equal hits keep their order.
    @inline(__always)
    private static func precedes(_ x: Hit, _ y: Hit) -> Bool {
        let tx = x.kind == .text, ty = y.kind == .text
        if tx != ty { return ty }
        guard tx else { return false }
        return x.start != y.start ? x.start < y.start : x.end < y.end
    }

    private mutating func evidence(_ hit: Hit) -> AlertRecord.Evidence {
        let clause = strings[Int(hit.clause)]
        let start = Int(hit.start), end = Int(hit.end)
        switch hit.kind {
        case .text:
            let key = Int64(start) << 32 | Int64(end)
            if slots.isEmpty { slots = Array(repeating: Slot(), count: 64) }
            var s = Self.slot(key, slots.count)
            while slots[s].key >= 0 {
                if slots[s].key == key {
                    // Field by field: a copy of the whole evidence would count references twice.
                    let k = Int(slots[s].place)
                    return AlertRecord.Evidence(clause: clause, field: made[k].field, span: made[k].span, match: made[k].match, snippet: made[k].snippet)
                }
                s = (s + 1) & (slots.count - 1)
            }
            let titleEnd = view.input.analysis.titleEnd
            let inTitle = end <= titleEnd
            let bounds = inTitle ? 0..<titleEnd : view.input.analysis.bodyStart..<text.count
            let base = bounds.lowerBound
            let e = AlertRecord.Evidence(
                clause: clause, field: inTitle ? "title" : "text", span: [start - base, end - base],
                match: text.line(start, end),
                snippet: Snippet.around(text, start: start, end: end, limit: Self.snippetLength, within: bounds))
            slots[s] = Slot(key: key, place: Int32(made.count))
            made.append(e)
            if made.count * 2 > slots.count { grow() }
            return e
        case .metadata:
            let v = ScalarText(view.metadata(hit.field)[Int(hit.extra)].value)
            return AlertRecord.Evidence(clause: clause, field: hit.field.rawValue, span: [start, end], match: v.line(start, end),
                                        snippet: Snippet.around(v, start: start, end: end, limit: Self.snippetLength, within: 0..<v.count))
        case .topic:
            // Every rule naming the topic shares its evidence: made once per article.
            let k = Int(hit.extra)
            if topics.isEmpty { topics = Array(repeating: nil, count: view.input.analysis.topics.count) }
            if let snippet = topics[k] {
                return AlertRecord.Evidence(clause: clause, field: "topic", span: [], snippet: snippet)
            }
            let topic = view.input.analysis.topics[k]
            let snippet = Self.topicSnippet(score: topic.score, evidence: topic.evidence)
            topics[k] = snippet
            return AlertRecord.Evidence(clause: clause, field: "topic", span: [], snippet: snippet)
        }
    }

    /// "score 0.87: term, term, …", at most `snippetLength` characters:
    /// written into one buffer, not grown piece by piece.
    static func topicSnippet(score: Double, evidence: [String]) -> String {
        let number = score.description
        var length = 8 + number.utf8.count
        for (i, term) in evidence.enumerated() { length += term.utf8.count + (i > 0 ? 2 : 0) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out in
            let base = out.baseAddress!
            var n = put("score ", at: base)
            n += put(number, at: base + n)
            n += put(": ", at: base + n)
            for (i, term) in evidence.enumerated() {
                if i > 0 { n += put(", ", at: base + n) }
                n += put(term, at: base + n)
            }
            // A string of at most that many bytes has at most that many characters.
            if n <= snippetLength { return String(validUTF8: UnsafeBufferPointer(start: base, count: n)) }
            // In ASCII without a carriage return (which joins a line feed into one
            // character) a character is a byte; anything else is counted by Character.
            let head = UnsafeBufferPointer(start: base, count: snippetLength + 1)
            if ScalarText.isASCII(head), !head.contains(0x0D) {
                return String(validUTF8: UnsafeBufferPointer(start: base, count: snippetLength), isKnownASCII: true)
            }
            return String(String(validUTF8: UnsafeBufferPointer(start: base, count: n)).prefix(snippetLength))
        }
    }

    /// Copies `s`'s UTF-8 to `out`; returns how many bytes.
    @inline(__always)
    private static func put(_ s: String, at out: UnsafeMutablePointer<UInt8>) -> Int {
        s.withUTF8Bytes { bytes in
            if let from = bytes.baseAddress { out.update(from: from, count: bytes.count) }
            return bytes.count
        }
    }

    @inline(__always)
    private static func slot(_ key: Int64, _ size: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (size - 1)
    }

    private mutating func grow() {
        var slots = Array(repeating: Slot(), count: self.slots.count * 2)
        for slot in self.slots where slot.key >= 0 {
            var t = Self.slot(slot.key, slots.count)
            while slots[t].key >= 0 { t = (t + 1) & (slots.count - 1) }
            slots[t] = slot
        }
        self.slots = slots
    }
}
