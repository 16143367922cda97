/// A known one-word company or product name that is also a place or an everyday word ("Amazon",
/// "Apple", "Zoom", "Guardian"): which one the text means, from the words around it and from how the
/// article uses the word elsewhere. Read during the gazetteer pass.
///
/// - A place: a word for land or water after it ("the Amazon rainforest", "the Amazon basin") or "along/across/
///   throughout the" before it ("along the Amazon").
/// - The everyday word: a farm word after it ("the Apple harvest", "Apple growers"), or first in its
///   sentence without a company cue while the article writes the word in lower case ("A legal guardian
///   must sign. Guardian angels were seen.").
/// - The company: a cue at the mention ("Amazon said", "Apple's shares", "Apple Inc", "shares in
///   Apple", "Apple CEO") keeps it the company; so does a cue anywhere in the article for the mentions
///   without one. Without any cue, one mention read as a place or the word makes the others so.
struct CompanyOrWord {
    enum Reading { case place, word }

    let tokens: [Token]
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    let words: ArticleWords
    /// Per word: how it reads where it has no cue of its own, and whether a company cue names it anywhere.
    private var byWord: [UInt64: (reading: Reading?, company: Bool)] = [:]
    private var lowerCaseWords: Set<UInt64>? = nil

    init(words: ArticleWords, scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        tokens = words.tokens
        self.words = words
        self.scalars = scalars
    }

    /// How the one-word company name at token i is meant, when not as the company.
    mutating func reading(at i: Int) -> Reading? {
        if hasCompanyCue(i) { return nil }
        if let r = cue(i) { return r }
        let word = tokens[i].hash
        if byWord[word] == nil {
            var company = false
            var found: Reading? = nil
            for k in words.occurrences(word) where tokens[k].isCapitalized {
                if hasCompanyCue(k) { company = true; break }
                if found == nil { found = cue(k) }
            }
            byWord[word] = (company ? nil : found, company)
        }
        let known = byWord[word]!
        if let r = known.reading { return r }
        if isSentenceInitial(i), !known.company {
            if lowerCaseWords == nil { lowerCaseWords = Set(tokens.lazy.filter(\.startsLowerCase).map(Stemmer.stemHash)) }
            if lowerCaseWords!.contains(Stemmer.stemHash(tokens[i])) { return .word }
        }
        return nil
    }

    /// A place or farm word at the mention.
    private func cue(_ k: Int) -> Reading? {
        if let n = next(k), n.startsLowerCase {
            if Self.wildPlaces.contains(n.folded) { return .place }
            if Self.farmWords.contains(n.folded) { return .word }
        }
        if k >= 2, tokens[k - 1].folded == "the", tokens[k - 2].sentence == tokens[k].sentence,
           Self.alongPrepositions.contains(tokens[k - 2].folded) { return .place }
        return nil
    }

    /// "Amazon said", "Apple's shares", "Apple Inc", "shares in Apple", "Apple CEO", "Apple shares".
    private func hasCompanyCue(_ k: Int) -> Bool {
        if let n = next(k) {
            if NameCues.speechTable.contains(n) || NameCues.orgSuffixes.contains(n.folded) || NameCues.companyNouns.contains(n.folded) { return true }
            if NameClassifier.isPossessive(k, tokens), k + 2 < tokens.count, NameCues.companyNouns.contains(tokens[k + 2].folded) { return true }
        }
        return k >= 2 && tokens[k - 1].folded == "in" && NameCues.stakeNouns.contains(tokens[k - 2].folded)
    }

    private func next(_ k: Int) -> Token? {
        k + 1 < tokens.count && tokens[k + 1].sentence == tokens[k].sentence && NameSpans.spaced(tokens[k], tokens[k + 1], scalars) ? tokens[k + 1] : nil
    }

    private func isSentenceInitial(_ k: Int) -> Bool { k == 0 || tokens[k - 1].sentence != tokens[k].sentence }

    /// Words for land and water, not for a company's sites ("the Apple store", "the Tesla town hall").
    private static let wildPlaces: Set<String> = [
        "rainforest", "rainforests", "forest", "forests", "jungle", "river", "basin", "delta", "estuary", "headwaters",
        "watershed", "biome", "region", "valley", "coast", "plateau", "tributaries",
    ]
    private static let farmWords: Set<String> = [
        "harvest", "harvests", "orchard", "orchards", "grower", "growers", "tree", "trees", "blossom", "crop", "crops",
        "juice", "pie", "pies", "picking", "farmers", "farms",
    ]
    private static let alongPrepositions: Set<String> = ["along", "across", "throughout", "up", "down", "into"]
}
