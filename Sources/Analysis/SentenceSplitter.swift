/// Sentence boundaries: '.', '!' or '?' (and closing quotes) followed by
/// space and a capital or a quote, unless the word before is an abbreviation
/// (Mr, Dr, Inc, Jan …) or an initial; a blank line always ends a sentence.
enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "rev", "hon", "pres", "inc", "corp", "ltd", "co", "plc", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "e", "i",
    ]

    static func split(scalars: [Unicode.Scalar], tokens: inout [Token]) -> [Sentence] {
        var sentences: [Sentence] = []
        var sentenceStart = 0
        var tokenStart = 0
        var t = 0 // next token index
        var i = 0
        let n = scalars.count
        func close(at end: Int) {
            while t < tokens.count, tokens[t].start < end { tokens[t].sentence = sentences.count; t += 1 }
            if t > tokenStart { sentences.append(Sentence(start: sentenceStart, end: end, tokens: tokenStart..<t)) }
            tokenStart = t
            sentenceStart = end
        }
        while i < n {
            let c = scalars[i]
            if c == "\n", i + 1 < n, scalars[i + 1] == "\n" {
                close(at: i)
                i += 2
                continue
            }
            if c == "." || c == "!" || c == "?" {
                var j = i + 1
                while j < n, "\"'”’)]".unicodeScalars.contains(scalars[j]) { j += 1 }
                guard j < n, scalars[j] == " " || scalars[j] == "\n" else { i += 1; continue }
                var k = j
                while k < n, scalars[k] == " " || scalars[k] == "\n" { k += 1 }
                guard k < n, scalars[k].properties.isUppercase || "\"'“‘([".unicodeScalars.contains(scalars[k]) || scalars[k].properties.numericType != nil else { i += 1; continue }
                // A dot inside a token ("U.S.") ends no sentence by itself.
                if c == ".", tokens[t...].prefix(while: { $0.start <= i }).contains(where: { $0.end > i }) { i += 1; continue }
                if c == ".", let prev = tokenEnding(at: i, tokens: tokens, from: t) {
                    let word = tokens[prev]
                    if abbreviations.contains(word.folded) || (word.text.count == 1 && word.isCapitalized) {
                        i += 1
                        continue
                    }
                }
                close(at: j)
                i = j
                continue
            }
            i += 1
        }
        close(at: n)
        return sentences
    }

    /// Index of the token that ends right at `offset`, if any.
    private static func tokenEnding(at offset: Int, tokens: [Token], from: Int) -> Int? {
        var k = from
        while k < tokens.count, tokens[k].end <= offset { k += 1 }
        let idx = k - 1
        return idx >= 0 && tokens[idx].end == offset ? idx : nil
    }
}
