/// Splits clean text into word tokens with scalar offsets, and into sentences.
/// Letters and digits make words; apostrophes and hyphens split them;
/// dotted initialisms ("U.S.", "U.K.") are one token ("US"); each Han, kana
/// or Hangul character is a token of its own.
public enum Tokenizer {
    public static func tokenize(_ text: String) -> (tokens: [Token], sentences: [Sentence]) {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        let n = scalars.count
        while i < n {
            let c = scalars[i]
            if isIdeograph(c) {
                tokens.append(makeToken(scalars, i, i + 1))
                i += 1
                continue
            }
            guard isWordScalar(c) else { i += 1; continue }
            // Dotted initialism: letter '.' letter '.' …
            if let end = initialismEnd(scalars, i) {
                let letters = String(String.UnicodeScalarView(scalars[i..<end].filter { $0 != "." }))
                tokens.append(Token(start: i, end: end, text: letters, folded: TextFolding.fold(letters)))
                i = end
                continue
            }
            var j = i + 1
            while j < n, isWordScalar(scalars[j]), !isIdeograph(scalars[j]) { j += 1 }
            tokens.append(makeToken(scalars, i, j))
            i = j
        }
        let sentences = SentenceSplitter.split(scalars: scalars, tokens: &tokens)
        return (tokens, sentences)
    }

    /// Tokens of a short string (a query term), without sentence work.
    public static func foldedWords(_ text: String) -> [String] {
        tokenize(text).tokens.map(\.folded)
    }

    private static func makeToken(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Token {
        let t = String(String.UnicodeScalarView(s[a..<b]))
        return Token(start: a, end: b, text: t, folded: TextFolding.fold(t))
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        let p = c.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    static func isIdeograph(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2A6DF).contains(v)
    }

    /// End of "X.Y." (at least two single letters each followed by a dot), or nil.
    private static func initialismEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        var letters = 0
        while j + 1 < s.count, s[j].properties.isUppercase, s[j + 1] == ".",
              j == i || !isWordScalar(s[j - 1]) || s[j - 1] == "." {
            if j + 2 < s.count, isWordScalar(s[j + 2]), !(s[j + 2].properties.isUppercase && j + 3 < s.count && s[j + 3] == ".") { break }
            letters += 1
            j += 2
        }
        return letters >= 2 ? j : nil
    }
}
