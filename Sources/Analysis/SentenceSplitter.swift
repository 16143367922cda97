/// Sentence boundaries: '.', '!' or '?' (and closing quotes) followed by
/// space and a capital, an opening quote (of any of the European styles), '¿', '¡', a dash, or a name that starts in lower case with a
/// capital after it ("iPhone", "eBay", "xAI"), unless the word before is an
/// abbreviation (Mr, Dr, Inc, Jan, approx …) or an initial; in text written
/// without capitals, any word; a blank line always ends a sentence.
///
/// Chinese and Japanese "。", "！", "？" (and the half-width "｡"), the Arabic "؟" and the
/// Devanagari "।" and "॥" end a sentence whatever follows: those scripts have no capitals, and
/// no space follows "。" (trial7 N17).
///
/// Looks only at the marks the tokenizer passed between words ('.', '!', '?', line
/// breaks, and those above; a dot inside a word, as in "U.S.", is no mark), and at the bytes after them.
enum SentenceSplitter {
    /// A full stop, exclamation or question mark that ends a sentence with no space or capital after it.
    @inline(__always)
    static func endsSentenceWithoutSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0x061F, 0x0964, 0x0965: return true
        default: return false
        }
    }

    /// Looked up by word hash, so that a word before a dot costs a table probe, not a string hash.
    private static let abbreviations: [String] = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "rev", "hon", "pres", "inc", "corp", "ltd", "co", "plc", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "e", "i",
        // Written in lower case before a name that starts in lower case ("incl. iPhone"): not a sentence's end.
        "incl", "excl", "ca", "cf", "esp", "viz", "resp", "vol", "ed", "ch", "pp", "al", "abt",
    ]
    private static let abbreviationTable = WordTable(abbreviations.enumerated().map { (WordHash.of($1), Int32($0)) })

    static func split(utf8 b: UnsafeBufferPointer<UInt8>, scan: inout TokenScan) -> [Sentence] {
        var sentences: [Sentence] = []
        sentences.reserveCapacity(scan.marks.count / 2 + 1)
        let marks = scan.marks, scalarCount = scan.scalarCount
        scan.tokens.withUnsafeMutableBufferPointer { tokens in
            var sentenceStart = 0
            var tokenStart = 0
            var t = 0 // next token index
            func close(at end: Int) {
                while t < tokens.count, tokens[t].start < end { tokens[t].sentence = sentences.count; t += 1 }
                if t > tokenStart { sentences.append(Sentence(start: sentenceStart, end: end, tokens: tokenStart..<t)) }
                tokenStart = t
                sentenceStart = end
            }
            let n = b.count
            var next = 0 // where the scan resumes: after a blank line, or at the space after a sentence end
            var caseless: Bool? // whether the text is written without capitals, once asked
            for mark in marks where mark.byte >= next {
                let i = mark.byte
                let c = b[i]
                if c == 0x0A {
                    if i + 1 < n, b[i + 1] == 0x0A {
                        close(at: mark.scalar)
                        next = i + 2
                    }
                } else if c >= 0x80 {
                    let end = closers(b, after: i + b.scalar(at: i).width, mark.scalar + 1)
                    close(at: end.scalar)
                    next = end.byte
                } else if let end = sentenceEnd(b, after: i, mark.scalar),
                          end.next != .lowerCase || isCaseless(UnsafeBufferPointer(tokens), &caseless),
                          c != 0x2E || !endsAbbreviation(dotAt: mark.scalar, tokens: UnsafeBufferPointer(tokens), from: t,
                                                         orLetter: end.next != .capital) {
                    close(at: end.scalar)
                    next = end.byte
                }
            }
            close(at: scalarCount)
        }
        return sentences
    }

    /// How the word after a possible sentence end starts.
    enum NextWord {
        /// A capital, a digit or an opening quote: a sentence starts.
        case capital
        /// A lower-case letter with a capital after it ("iPhone", "eBay", "xAI"): a name, and a sentence starts.
        case innerCapital
        /// A lower-case word: a sentence starts only in text written without capitals.
        case lowerCase
    }

    /// True when the text is written (nearly) without capitals, as chat and some
    /// feeds are: there a lower-case word after a full stop starts a sentence.
    private static func isCaseless(_ tokens: UnsafeBufferPointer<Token>, _ known: inout Bool?) -> Bool {
        if let known { return known }
        var capitals = 0
        for t in tokens where t.shape.contains(.capitalized) || t.shape.contains(.innerCap) { capitals += 1 }
        let caseless = capitals * 100 <= tokens.count
        known = caseless
        return caseless
    }

    /// After a '.', '!' or '?' at byte `i` (scalar `si`): closing quotes, then space and
    /// a word. Returns where the space starts (byte, scalar) and how the word starts.
    @inline(__always)
    private static func sentenceEnd(_ b: UnsafeBufferPointer<UInt8>, after i: Int, _ si: Int) -> (byte: Int, scalar: Int, next: NextWord)? {
        let n = b.count
        var j = i + 1, sj = si + 1
        while j < n {
            let d = b[j]
            if d == 0x22 || d == 0x27 || d == 0x29 || d == 0x5D { // " ' ) ]
                j += 1
            } else if d == 0xE2, j + 2 < n, b[j + 1] == 0x80, (0x98...0x9D).contains(b[j + 2]) && b[j + 2] != 0x9A && b[j + 2] != 0x9B {
                j += 3 // ’ ” and German's closing “ ‘ (it opens with „ ‚)
            } else if d == 0xC2, j + 1 < n, b[j + 1] == 0xAB || b[j + 1] == 0xBB { // « » (French closes with », German and Danish with «)
                j += 2
            } else {
                break
            }
            sj += 1
        }
        guard j < n, b[j] == 0x20 || b[j] == 0x0A else { return nil }
        var k = j
        while k < n, b[k] == 0x20 || b[k] == 0x0A { k += 1 }
        guard k < n else { return nil }
        let d = b[k]
        if d < 0x80 {
            if d &- 0x61 < 26 {
                // "iPhone", "eBay", "xAI": a capital among the word's first letters.
                var m = k + 1
                while m < n, b[m] &- 0x61 < 26 { m += 1 }
                return (j, sj, m < n && b[m] &- 0x41 < 26 ? .innerCapital : .lowerCase)
            }
            // A capital, a digit, or " ' ( [
            guard d &- 0x41 < 26 || d &- 0x30 < 10 || d == 0x22 || d == 0x27 || d == 0x28 || d == 0x5B else { return nil }
        } else {
            let u = b.scalar(at: k).scalar
            if u.properties.isLowercase { return (j, sj, .lowerCase) }
            guard Self.opensSentence(u) || u.properties.isUppercase || u.properties.numericType != nil else { return nil }
        }
        return (j, sj, .capital)
    }

    /// What may open a sentence before its first word: the quotes of English (“ ‘), German („ ‚ and » ›), French
    /// and others (« ‹), Spanish's ¿ and ¡, and a dash that opens a line of dialogue. Only “ and ‘ were known, so
    /// "…Donald. „Trump ist…" was one sentence and a phrase or SENTENCE() ran across it (exploratory finding).
    private static func opensSentence(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x201C, 0x2018, 0x201E, 0x201A, 0x00AB, 0x00BB, 0x2039, 0x203A, 0x00BF, 0x00A1, 0x2014, 0x2013: return true
        default: return false
        }
    }

    /// The closing quotes and brackets from byte `j` (scalar `sj`) on ("。」", "？）", "。”"): the
    /// sentence ends after them. Returns where they end.
    private static func closers(_ b: UnsafeBufferPointer<UInt8>, after j: Int, _ sj: Int) -> (byte: Int, scalar: Int) {
        var j = j, sj = sj
        while j < b.count {
            let (u, width) = b.scalar(at: j)
            switch u.value {
            case 0x22, 0x27, 0x29, 0x5D, 0x2019, 0x201D, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0xFF09, 0xFF3D, 0xFF63: break // " ' ) ] ’ ” 〉 》 」 』 】 ） ］ ｣
            default: return (j, sj)
            }
            j += width; sj += 1
        }
        return (j, sj)
    }

    /// True when the word that ends right at the dot at scalar `offset` is an abbreviation or an initial;
    /// `orLetter`: or any one letter, before a word in lower case ("e.g. eBay", "5 p.m. iPhone").
    private static func endsAbbreviation(dotAt offset: Int, tokens: UnsafeBufferPointer<Token>, from t: Int, orLetter: Bool) -> Bool {
        var k = t
        while k < tokens.count, tokens[k].end <= offset { k += 1 }
        guard k >= 1, tokens[k - 1].end == offset else { return false }
        let word = tokens.baseAddress! + (k - 1)
        if orLetter, word.pointee.end - word.pointee.start == 1, !word.pointee.shape.contains(.numeric) { return true }
        if word.pointee.isCapitalized {
            // An initial; an ASCII word's characters are its scalars, so only others need counting.
            if word.pointee.end - word.pointee.start == 1 { return true }
            if !word.pointee.shape.contains(.ascii), word.pointee.text.count == 1 { return true }
        }
        guard let a = abbreviationTable[word.pointee.hash], abbreviations[Int(a)] == word.pointee.folded else { return false }
        // "No. 10", "no. 5": a number's abbreviation only before a number; "They said no. Growers said…" ends a sentence.
        return word.pointee.folded != "no" || k < tokens.count && tokens[k].shape.contains(.numeric)
    }
}
