import WirewatchCore

/// The context around a capitalised run: what stands before and after it, and
/// whether its words look like a person's name.
extension NameClassifier {
    /// Words in capitals at the start of a line that name where the story was filed (`Dateline`).
    func isDateline(_ a: Int, _ b: Int) -> Bool {
        Dateline.isCity(a, b, tokens: tokens, scalars: scalars) { coveredType[$0] == Self.place }
    }

    /// After a lowercase role one holds at an employer and "at": "a semiconductor analyst at X"
    /// (not "the prime minister at Camp David").
    func isWorkplace(_ a: Int) -> Bool {
        a >= 2 && tokens[a - 1].folded == "at" && tokens[a - 2].sentence == tokens[a].sentence && !tokens[a - 2].isCapitalized
            && NameCues.workplaceRolesTable.contains(tokens[a - 2]) && spaced(a - 1, a)
    }

    /// "a feature called X" → MISC, "a firm called X" → ORG.
    func calledKind(_ a: Int) -> EntityType? {
        guard a >= 2, tokens[a - 2].sentence == tokens[a].sentence, !tokens[a - 2].isCapitalized,
              NameCues.namingVerbsTable.contains(tokens[a - 1]) else { return nil }
        let noun = tokens[a - 2]
        if NameCues.productNounsTable.contains(noun) || NameCues.goodsNounsTable.contains(noun) || NameCues.featureNounsTable.contains(noun) { return .misc }
        if NameCues.organisationNounsTable.contains(noun) { return .org }
        return nil
    }

    /// "Alicante and Benidorm", "Andalusia and Catalonia": a word joined by "and" or "or" to a known place is a place.
    func isCoordinatedWithPlace(_ a: Int) -> Bool {
        Self.isCoordinatedWithPlace(a, tokens, coveredType: coveredType) { coveredType[$0] == Self.place }
    }

    /// `isPlace(k)`: a known place is at token k (read so far in `coveredType`, or ahead of it).
    static func isCoordinatedWithPlace(_ a: Int, _ tokens: [Token], coveredType: [Int8], isPlace: (Int) -> Bool) -> Bool {
        // "parts of Andalusia and Catalonia", not "talks between Nexperia and China": the first word is
        // placed too (by "in", "of", "across"), else it is whatever is being set beside a country.
        if a + 2 < tokens.count, ["and", "or"].contains(tokens[a + 1].folded), tokens[a + 2].sentence == tokens[a].sentence,
           isAfterPlacePreposition(a, tokens) || isAfterOfOrAcross(a, tokens), isPlace(a + 2) { return true }
        // "in Alicante and Benidorm": the first is a place by the preposition.
        if a >= 2, ["and", "or"].contains(tokens[a - 1].folded), tokens[a - 2].sentence == tokens[a].sentence,
           isPlace(a - 2) || (coveredType[a - 2] < 0 && tokens[a - 2].isCapitalized && isAfterPlacePreposition(a - 2, tokens)) { return true }
        return false
    }

    private static func isAfterOfOrAcross(_ a: Int, _ tokens: [Token]) -> Bool {
        a >= 1 && tokens[a - 1].sentence == tokens[a].sentence && !tokens[a - 1].isCapitalized && ["of", "across"].contains(tokens[a - 1].folded)
    }

    /// "X's".
    func isPossessive(_ b: Int) -> Bool { Self.isPossessive(b, tokens) }

    static func isPossessive(_ b: Int, _ tokens: [Token]) -> Bool {
        b + 1 < tokens.count && tokens[b + 1].isApostropheS
    }

    /// "outside Nexperia's plant", "in Figma's app": X has what follows as a company has it, so the
    /// preposition places that, not X ("in Pokrovsk's outskirts" still places Pokrovsk).
    func isFollowedByCompanysPossession(_ b: Int) -> Bool {
        isPossessive(b) && b + 2 < tokens.count && NameCues.companyPossessions.contains(tokens[b + 2].folded)
    }

    /// "in X", "near X", "outside X", and with a word between: "in north Phoenix", "in nearby Peoria".
    func isAfterPlacePreposition(_ a: Int) -> Bool { Self.isAfterPlacePreposition(a, tokens) }

    static func isAfterPlacePreposition(_ a: Int, _ tokens: [Token]) -> Bool {
        var p = a - 1
        guard p >= 0, tokens[p].sentence == tokens[a].sentence, !tokens[p].isCapitalized else { return false }
        if NameCues.placeModifiersTable.contains(tokens[p]) {
            p -= 1
            guard p >= 0, tokens[p].sentence == tokens[a].sentence, !tokens[p].isCapitalized else { return false }
        }
        return ["in", "near", "outside"].contains(tokens[p].folded)
    }

    /// A word that could be part of a person's name: not an everyday word, and not
    /// ending like one ("Retailing", "Nation", "Security", "Management").
    static func looksLikeName(_ t: Token) -> Bool {
        let f = t.folded
        if CommonWords.contains(f) { return false }
        for suffix in ["ing", "tion", "sion", "ity", "ment", "ness", "ics", "ology", "ware", "works", "play"] where f.count > suffix.count + 2 && f.hasSuffix(suffix) {
            return false
        }
        return true
    }

    /// Words that join two names rather than sit inside one ("Norris of McLaren").
    static let linkWords: Set<String> = ["of", "for", "and", "the", "on", "at"]
}
