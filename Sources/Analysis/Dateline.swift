/// A dateline: the city a story was filed from, in capitals at the start of a paragraph, before the
/// story's first dash ("PHOENIX, Jan 24 - …", "WASHINGTON (Reuters) - …", "HOUSTON, Texas (AP) - …",
/// "WASHINGTON — …").
enum Dateline {
    /// Whether tokens `a...b` are a dateline's city. `isPlace(k)`: a known place starts at token k
    /// ("HOUSTON, Texas -"; the city itself, when only a dash follows it).
    static func isCity(_ a: Int, _ b: Int, tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>,
                       isPlace: (Int) -> Bool) -> Bool {
        let start = tokens[a].start, end = tokens[b].end
        guard start == 0 || scalars[start - 1] == "\n" || scalars[start - 1] == "/" && followsCities(a, tokens, scalars),
              end + 1 < scalars.count else { return false }
        guard (a...b).allSatisfy({ tokens[$0].shape.contains(.allCaps) }) else { return false }
        // "BEIJING/WASHINGTON (Reuters) -": a story filed from two cities names both; the list is read at its last.
        if scalars[end] == "/" {
            let c = b + 1
            guard c < tokens.count, tokens[c].start == end + 1 else { return false }
            return isCity(c, lastOfCapitals(c, tokens, scalars), tokens: tokens, scalars: scalars, isPlace: isPlace)
        }
        let comma = scalars[end] == ","
        // "WASHINGTON — The Senate voted": a known place and a dash alone ("BREAKING —" is no place).
        if scalars[end] == " ", dash(after: end, scalars) == end + 1 { return isPlace(a) }
        guard comma || scalars[end] == " " && scalars[end + 1] == "(" else { return false }
        // A date within three words ("Jan 24"), so that a headline "NATO, EU agree …" is not one.
        if comma, (b + 1...b + 3).contains(where: { k in
            k + 1 < tokens.count && NameCues.calendar.contains(tokens[k].folded) && tokens[k + 1].shape.contains(.numeric)
        }) { return true }
        // Or, before a dash on the same line, only an agency in brackets, a date or a known place:
        // "(Reuters)", ", Texas (AP)", ", Jan 3 (Reuters)".
        guard let dash = dash(after: end, scalars) else { return false }
        var bracketed = false, placed = false
        var k = b + 1
        while k < tokens.count, tokens[k].end <= dash {
            let t = tokens[k]
            // An agency in brackets may be written in lower case: "(dpa)".
            let inBrackets = t.start > 0 && scalars[t.start - 1] == "("
            guard t.isCapitalized || t.shape.contains(.numeric) || inBrackets, k <= b + 5 else { return false }
            if inBrackets { bracketed = true }
            if k == b + 1, comma, isPlace(k) { placed = true }
            k += 1
        }
        return bracketed || placed
    }

    /// The first token after a dateline that starts at token `a` and ends in a dash ("WASHINGTON, Dec 2 (Reuters) -
    /// The Senate…" → "The"), nil when none starts there.
    static func end(startingAt a: Int, tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>,
                    isPlace: (Int) -> Bool) -> Int? {
        guard tokens[a].shape.contains(.allCaps) else { return nil }
        let b = lastOfCapitals(a, tokens, scalars)
        guard isCity(a, b, tokens: tokens, scalars: scalars, isPlace: isPlace), let dash = dash(after: tokens[b].end, scalars)
        else { return nil }
        return tokens[(b + 1)...].firstIndex { $0.start > dash } ?? tokens.count
    }

    /// Token a follows a "/" after words in capitals that start a line, themselves perhaps after a "/".
    private static func followsCities(_ a: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var k = a - 1
        while k >= 0, tokens[k].end + 1 == tokens[k + 1].start, tokens[k].shape.contains(.allCaps) {
            while k > 0, tokens[k - 1].shape.contains(.allCaps), NameSpans.spaced(tokens[k - 1], tokens[k], scalars) { k -= 1 }
            let s = tokens[k].start
            if s == 0 || scalars[s - 1] == "\n" { return true }
            guard scalars[s - 1] == "/" else { return false }
            k -= 1
        }
        return false
    }

    /// The last of the words in capitals from token c with only spaces between ("HONG KONG").
    private static func lastOfCapitals(_ c: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Int {
        var d = c
        while d + 1 < tokens.count, tokens[d + 1].shape.contains(.allCaps), NameSpans.spaced(tokens[d], tokens[d + 1], scalars) { d += 1 }
        return d
    }

    /// The first " - ", "–" or "—" after `end` on its line, within a few words.
    private static func dash(after end: Int, _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Int? {
        var k = end
        while k < scalars.count, k < end + 48 {
            let c = scalars[k]
            if c == "\n" { return nil }
            if c == "—" || c == "–" || c == "-" && scalars[k - 1] == " " && k + 1 < scalars.count && scalars[k + 1] == " " { return k }
            k += 1
        }
        return nil
    }
}
