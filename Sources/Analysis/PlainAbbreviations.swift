/// Acronyms an article spells out in lower case words: "deep ultraviolet (DUV)",
/// "large language model (LLM)". They name a technology or a thing, not an
/// organisation, so the acronym heuristic leaves them out in the whole article
/// ("EUV machines" further down). An organisation is spelled out with capitals
/// ("European Central Bank (ECB)") and is not affected.
enum PlainAbbreviations {
    static func find(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Set<String> {
        var out: Set<String> = []
        for k in bracketedAcronyms(tokens: tokens, scalars: scalars) {
            let t = tokens[k]
            let letters = Array(t.folded.unicodeScalars)
            // The words just before, in lower case: the phrase starts at one of them.
            var words: [[Unicode.Scalar]] = []
            var j = k - 1
            while j >= 0, words.count < letters.count, tokens[j].sentence == t.sentence, !tokens[j].isCapitalized,
                  !tokens[j].shape.contains(.numeric), !tokens[j].shape.contains(.uncased) {
                words.insert(Array(tokens[j].folded.unicodeScalars), at: 0)
                if spells(letters[...], words[...]) { out.insert(t.text); break }
                j -= 1
            }
        }
        return out
    }

    /// Acronyms an article writes in brackets after capitalised words whose initials spell them, by the index
    /// of the first of those words: "Danish Refugee Council (DRC)". Small words between them ("Bank of
    /// England") give no letter. The first place each is spelled out counts.
    static func spelledByName(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>) -> [String: Int] {
        var out: [String: Int] = [:]
        for k in bracketedAcronyms(tokens: tokens, scalars: scalars) where out[tokens[k].text] == nil {
            let t = tokens[k]
            let letters = Array(t.folded.unicodeScalars)
            var words: [[Unicode.Scalar]] = []
            var j = k - 1
            while j >= 0, words.count < letters.count, tokens[j].sentence == t.sentence {
                if !tokens[j].isCapitalized {
                    guard !words.isEmpty, NameCues.connectors.contains(tokens[j].folded) else { break }
                    j -= 1
                    continue
                }
                words.insert(Array(tokens[j].folded.unicodeScalars), at: 0)
                if spells(letters[...], words[...]) { out[t.text] = j; break }
                j -= 1
            }
        }
        return out
    }

    /// The all-caps tokens written in brackets after a word ("(DUV)"), by index: the cheap tests first, so
    /// that an article without one pays no more than a look at each token's shape.
    static func bracketedAcronyms(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>) -> LazyFilterSequence<Range<Int>> {
        tokens.indices.lazy.filter { k in
            let t = tokens[k]
            return k > 0 && t.shape.contains(.allCaps) && t.start > 0 && t.end < scalars.count
                && scalars[t.start - 1] == "(" && scalars[t.end] == ")"
        }
    }

    /// Whether `letters` are the first letter of each word, in order, with more letters taken from inside the
    /// words ("ultraviolet" gives "u" and "v").
    static func spells(_ letters: ArraySlice<Unicode.Scalar>, _ words: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let word = words.first else { return letters.isEmpty }
        guard let l = letters.first, word.first == l else { return false }
        // This word gives its first letter and then some of the following letters, in order.
        var rest = letters.dropFirst()
        var w = word.dropFirst()
        while true {
            if spells(rest, words.dropFirst()) { return true }
            guard let next = rest.first, let at = w.firstIndex(of: next) else { return false }
            rest = rest.dropFirst()
            w = w[(at + 1)...]
        }
    }
}
