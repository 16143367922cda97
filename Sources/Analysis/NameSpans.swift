/// Runs of capitalised words that may be a name the gazetteer lacks, joined
/// across name particles ("Crystal van Oosterom", "Bank of England"),
/// hyphens ("Keller-Sutter"), initials and "St." ("University of St. Gallen").
/// A span never crosses a sentence, a comma or a quote.
struct NameSpans {
    let tokens: [Token]
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    /// For a surname that is a month ("Theresa May", "Mrs May", "June Carter"): see `isMonthInName`.
    var givenNames: Set<String> = []
    var surnames: Set<String> = []

    /// Token index ranges (inclusive) of the spans in `sentence`.
    func spans(in sentence: Range<Int>) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var start = -1, end = -1
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            if isNameLike(i) {
                if start >= 0, joins(end, i) {
                    end = i
                } else {
                    if start >= 0 { out.append(start...end) }
                    start = i; end = i
                }
                i += 1
                continue
            }
            // Bridge one or two connectors to the next capitalised word.
            if start >= 0, NameCues.connectors.contains(tokens[i].folded), !tokens[i].isCapitalized, spaced(end, i) {
                var j = i
                while j < sentence.upperBound, j - i < 2, NameCues.connectors.contains(tokens[j].folded), spaced(j - 1, j) { j += 1 }
                // "and", "for", "the" join only the words of an organisation's name ("Bureau of Industry and
                // Security", "Hong Kong University of Science and Technology") or of a law or a public body.
                let weak = (i..<j).contains { NameCues.weakConnectors.contains(tokens[$0].folded) }
                if j < sentence.upperBound, j > i, isNameLike(j), spaced(j - 1, j),
                   !weak || (start...end).contains(where: { NameCues.orgHeads.contains(tokens[$0].folded) })
                       || NameCues.lawsAndBodies.contains(tokens[lastOfRun(from: j, in: sentence)].folded) {
                    end = j
                    i = j + 1
                    continue
                }
            }
            if start >= 0 { out.append(start...end); start = -1 }
            i += 1
        }
        if start >= 0 { out.append(start...end) }
        return out
    }

    /// The last of the name-like words that follow `j` with only spaces between.
    private func lastOfRun(from j: Int, in sentence: Range<Int>) -> Int {
        var k = j
        while k + 1 < sentence.upperBound, isNameLike(k + 1), spaced(k, k + 1) { k += 1 }
        return k
    }

    func isNameLike(_ i: Int) -> Bool {
        let s = tokens[i].shape
        if s.contains(.numeric) || s.contains(.uncased) { return false }
        guard s.contains(.capitalized) || s.contains(.innerCap) else { return false }
        return !NameCues.calendar.contains(tokens[i].folded) || isMonthInName(i)
    }

    /// A month is part of a name after a title or a listed given name ("Mrs May", "Theresa May", "Brian
    /// May") and, first in its sentence, before a listed surname ("June Carter sang"); never after a
    /// lower-case word or another capitalised word ("in May", "In June Trump signed", "Friday May 5").
    private func isMonthInName(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.isCapitalized, !t.shape.contains(.allCaps) else { return false }
        if i > 0, tokens[i - 1].sentence == t.sentence {
            let p = tokens[i - 1]
            guard p.isCapitalized, !p.shape.contains(.allCaps), !NameCues.calendar.contains(p.folded) else { return false }
            let gap = tokens[i - 1].end..<t.start
            let titled = NameCues.honorifics.contains(p.folded) && gap.allSatisfy { scalars[$0] == " " || scalars[$0] == "." }
            return titled || spaced(i - 1, i) && givenNames.contains(p.folded) && !CommonWords.contains(p.folded)
        }
        guard i + 1 < tokens.count, tokens[i + 1].sentence == t.sentence, spaced(i, i + 1) else { return false }
        let n = tokens[i + 1]
        return n.isCapitalized && !n.shape.contains(.allCaps) && givenNames.contains(t.folded) && surnames.contains(n.folded)
    }

    /// Only spaces (no line break) between tokens a and b.
    func spaced(_ a: Int, _ b: Int) -> Bool { Self.spaced(tokens[a], tokens[b], scalars) }

    static func spaced(_ a: Token, _ b: Token, _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var k = a.end
        let e = b.start
        guard k < e else { return false }
        while k < e { if scalars[k] != " " && scalars[k] != "\u{A0}" { return false }; k += 1 }
        return true
    }

    private func joins(_ a: Int, _ b: Int) -> Bool {
        let tb = tokens[b]
        if tb.shape.contains(.hyphenated) { return true }
        if spaced(a, b) { return true }
        let ta = tokens[a]
        let gapStart = ta.end, gapEnd = tb.start
        // "St. Gallen", "George W. Bush": a dot and spaces after an abbreviation or an initial.
        if gapEnd - gapStart >= 2, scalars[gapStart] == ".",
           NameCues.dottedInName.contains(ta.folded) || (ta.text.unicodeScalars.count == 1 && ta.isCapitalized) {
            var k = gapStart + 1
            while k < gapEnd, scalars[k] == " " { k += 1 }
            return k == gapEnd
        }
        // "O'Brien", "AT&T".
        if gapEnd - gapStart == 1 {
            let g = scalars[gapStart]
            if Tokenizer.isApostrophe(g), ta.text == "O" || ta.text == "D" { return true }
            if g == "&", ta.shape.contains(.allCaps) || ta.text.unicodeScalars.count <= 2 { return true }
        }
        return false
    }
}
