/// Titles written in Title Case ("Peace Talks Stall As Russia Presses Offensive") capitalise every
/// word, so there a capital says nothing of an everyday word: read as written in lower case, it no
/// longer makes a name ("Peace Talks Stall" a person, "With Bigger Battery" an organisation).
///
/// An everyday word is one of `CommonWords` or a word the article itself writes in lower case
/// elsewhere, compared by stem ("the peace talks stalled"): no English lexicon is shipped, and the
/// article's own usage also tells a name ("Live Nation") from the same words used plainly.
struct TitleCase {
    let tokens: [Token]
    let coveredType: [Int8]
    /// Stem hashes of the words the article writes in lower case.
    private let lowerCaseWords: Set<UInt64>

    init(tokens: [Token], coveredType: [Int8]) {
        self.tokens = tokens
        self.coveredType = coveredType
        lowerCaseWords = Set(tokens.lazy.filter(\.startsLowerCase).map(Stemmer.stemHash))
    }

    /// `tokens`, with the everyday words of Title Case sentences no longer capitalised; names the
    /// gazetteer found, acronyms and CamelCase words keep their capitals. The same array when no
    /// sentence is in Title Case.
    static func lowered(_ tokens: [Token], sentences: [Sentence], coveredType: [Int8]) -> [Token] {
        // Most articles have no sentence of capitals: the article's words are read only when one has.
        let candidates = sentences.filter { s in
            s.tokens.dropFirst().count { tokens[$0].isCapitalized } >= 3 && !s.tokens.contains { isLowerCaseContentWord(tokens[$0]) }
        }
        guard !candidates.isEmpty else { return tokens }
        var out = tokens
        let reading = TitleCase(tokens: tokens, coveredType: coveredType)
        for s in candidates where reading.isTitleCase(s.tokens) {
            for k in s.tokens where reading.isCapitalisedEverydayWord(k) {
                out[k].shape.remove(.capitalized)
            }
        }
        return out
    }

    /// Two or more capitalised everyday words after the first (title case lowers only short words and
    /// prepositions, which `lowered` asked first): "Fed Holds Rates As Inflation Cools", not "Apple,
    /// Google and Meta".
    func isTitleCase(_ range: Range<Int>) -> Bool {
        range.dropFirst().count { isCapitalisedEverydayWord($0) } >= 2
    }

    func isCapitalisedEverydayWord(_ k: Int) -> Bool {
        let t = tokens[k]
        return t.isCapitalized && coveredType[k] < 0 && !t.shape.contains(.allCaps) && !t.shape.contains(.innerCap)
            && t.text.unicodeScalars.count >= 2 && (CommonWords.contains(t.folded) || lowerCaseWords.contains(Stemmer.stemHash(t)))
    }

    /// A word of four letters or more in lower case that title case would have capitalised.
    private static func isLowerCaseContentWord(_ t: Token) -> Bool {
        t.startsLowerCase && !t.shape.contains(.innerCap) && t.text.unicodeScalars.count >= 4 && !lowerInTitles.contains(t.folded)
    }

    /// Longer words that title case leaves in lower case (Chicago style lowers every preposition).
    private static let lowerInTitles: Set<String> = [
        "with", "from", "into", "onto", "over", "after", "about", "than", "upon", "near", "like", "amid", "via",
        "under", "before", "despite", "during", "without", "within", "against", "through", "toward", "towards",
    ]
}
