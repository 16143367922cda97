/// A known one-word company or product name that is also a place or an everyday word ("Amazon",
/// "Apple", "Zoom", "Guardian"): which one the text means, from the words around it and from how the
/// article uses the word elsewhere. Read during the gazetteer pass.
///
/// - A place: a word for land or water after it ("the Amazon rainforest", "the Amazon basin"; "region" not
///   where the sentence speaks of a cloud's servers) or "along/across/throughout the" before it ("along the
///   Amazon"), unless a company's noun follows ("across the Amazon marketplace", "into the Apple ecosystem").
/// - The everyday word: a farm word after it ("the Apple harvest", "Apple growers"), or first in its
///   sentence without a company cue while the article writes the word in lower case ("A legal guardian
///   must sign. Guardian angels were seen.").
/// - The company: a cue at the mention ("Amazon said", "Apple's shares", "Apple Inc", "shares in
///   Apple", "Apple CEO", "the Amazon store", "sued Apple") keeps it the company; so does a cue anywhere
///   in the article for the mentions without one. Without any cue, one mention read as a place or the
///   word makes the others so; a mention with a company cue stays the company.
struct CompanyOrWord {
    enum Reading { case place, word }

    let tokens: [Token]
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    let words: ArticleWords
    /// Words in capitals for emphasis: "APPLE GROWERS FEAR LATE FROST" reads as "Apple growers…".
    let shouted: ShoutedText
    /// Per word: how it reads where it has no cue of its own, and whether a company cue names it anywhere.
    private var byWord: [UInt64: (reading: Reading?, company: Bool)] = [:]
    private var lowerCaseWords: Set<UInt64>? = nil

    init(words: ArticleWords, scalars: UnsafeBufferPointer<Unicode.Scalar>, shouted: ShoutedText) {
        tokens = words.tokens
        self.words = words
        self.scalars = scalars
        self.shouted = shouted
    }

    /// How the one-word company name at token i is meant, when not as the company.
    mutating func reading(at i: Int) -> Reading? {
        if hasCompanyCue(i) { return nil }
        if isFigureOfSpeech(i) { return .word }
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
        if let n = next(k), n.startsLowerCase || shouted.contains(k + 1) {
            // "An outage hit the Amazon region in northern Virginia, the cloud unit said": a cloud's region.
            if n.folded == "region", isAboutComputing(k) { return nil }
            if Self.wildPlaces.contains(n.folded) { return .place }
            if Self.farmWords.contains(n.folded) { return .word }
        }
        if k >= 2, tokens[k - 1].folded == "the", tokens[k - 2].sentence == tokens[k].sentence,
           Self.alongPrepositions.contains(tokens[k - 2].folded) { return .place }
        return nil
    }

    /// "Amazon said", "Apple's shares", "Apple Inc", "shares in Apple", "Apple CEO", "Apple shares", "the Amazon
    /// marketplace", "the Apple ecosystem", "sued Apple".
    private func hasCompanyCue(_ k: Int) -> Bool {
        if let n = next(k) {
            if NameCues.speechTable.contains(n) || NameCues.orgSuffixes.contains(n.folded) || Self.companyThings.contains(n.folded) { return true }
            if NameClassifier.isPossessive(k, tokens), k + 2 < tokens.count, NameCues.companyNouns.contains(tokens[k + 2].folded) { return true }
        }
        guard k >= 1, tokens[k - 1].sentence == tokens[k].sentence else { return false }
        if tokens[k - 1].startsLowerCase, Self.suedWords.contains(tokens[k - 1].folded) { return true }
        return k >= 2 && tokens[k - 1].folded == "in" && NameCues.stakeNouns.contains(tokens[k - 2].folded)
    }

    /// The sentence of token k speaks of servers: "the Amazon region" there is a cloud's (AWS's us-east-1).
    private func isAboutComputing(_ k: Int) -> Bool {
        var a = k, b = k
        while a > 0, tokens[a - 1].sentence == tokens[k].sentence { a -= 1 }
        while b + 1 < tokens.count, tokens[b + 1].sentence == tokens[k].sentence { b += 1 }
        return tokens[a...b].contains { Self.computingWords.contains($0.folded) }
    }

    /// "the Amazon of fruit", "the Uber of laundry": a company as a figure of speech for another business names
    /// no company (exploratory finding of stop 32). Read at the mention only: the article's other mentions keep
    /// their own reading.
    private func isFigureOfSpeech(_ k: Int) -> Bool {
        guard k >= 1, tokens[k - 1].folded == "the", tokens[k - 1].sentence == tokens[k].sentence, let of = next(k), of.folded == "of",
              k + 2 < tokens.count, tokens[k + 2].sentence == tokens[k].sentence else { return false }
        return tokens[k + 2].startsLowerCase || shouted.contains(k + 2)
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
    /// A company's things and sites after its name: "the Amazon marketplace", "the Apple ecosystem", "the Amazon store".
    private static let companyThings = NameCues.companyPossessions.union([
        "marketplace", "marketplaces", "ecosystem", "apps", "platforms", "device", "devices", "users", "sellers", "account",
        "accounts", "website", "services", "employees", "workers", "cloud", "subscription", "subscriptions", "prime",
    ])
    /// Before a name, what is done to a company: "growers sued Apple" (the orchard's apple is not sued).
    private static let suedWords: Set<String> = ["sued", "sues", "sue", "suing", "against", "versus", "vs", "fined", "fines"]
    private static let computingWords: Set<String> = [
        "cloud", "outage", "outages", "server", "servers", "datacenter", "datacenters", "datacentre", "datacentres", "aws",
        "latency", "availability",
    ]
    private static let alongPrepositions: Set<String> = ["along", "across", "throughout", "up", "down", "into"]
}
