/// A gazetteer place whose name is also a person's ("Houston", "Austin", "Washington", "Sydney"):
/// which one the text means, from the words around it. Read during the gazetteer pass, before the
/// names from context, so that a place the text does not mean is left for them to read.
struct PlaceOrPerson {
    let tokens: [Token]
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    let gazetteer: GazetteerIndex
    let entities: [EntityDefinition]
    let givenNames: Set<String>
    let surnames: Set<String>
    let words: ArticleWords

    /// "Whitney Houston", "Mr Austin", "George Washington", "Sydney Sweeney", "Israel Katz": a one-word
    /// place that a given name or a title stands before, or that is a given name before a surname,
    /// names a person.
    func isPersonsName(_ p: GazetteerIndex.Pattern, at i: Int, coveredType: [Int8]) -> Bool {
        guard p.words.count == 1, entities[p.entity].type == .loc, tokens[i].isCapitalized,
              !tokens[i].shape.contains(.allCaps) else { return false }
        if i > 0, coveredType[i - 1] < 0, tokens[i - 1].isCapitalized, tokens[i - 1].sentence == tokens[i].sentence {
            // "Mr Austin", "Mr. Austin"; not "DR Congo".
            if NameCues.honorifics.contains(tokens[i - 1].folded), !tokens[i - 1].shape.contains(.allCaps), (tokens[i - 1].end..<tokens[i].start).allSatisfy({ scalars[$0] == " " || scalars[$0] == "." }) { return true }
            if joined(i - 1, i), isPlainGivenName(i - 1) { return true }
            // "Denzel Washington", with a given name no list has: a place that is also a
            // surname, after a capitalised word that looks like a name and is nowhere written in lower case.
            if joined(i - 1, i), surnames.contains(tokens[i].folded), isUnlistedGivenName(i - 1) { return true }
        }
        if i + 1 < tokens.count, joined(i, i + 1), tokens[i + 1].isCapitalized, !tokens[i + 1].shape.contains(.allCaps),
           givenNames.contains(tokens[i].folded), surnames.contains(tokens[i + 1].folded),
           gazetteer.longestMatch(tokens, at: i + 1) == nil { return true }
        return false
    }

    /// "Chelsea Clinton", "Jordan Henderson", "China Miéville", "France Gall", "Brooklyn Beckham", "Israel
    /// Adesanya", "Virginia Woolf": a one-word place or club before a capitalised word that names a person's
    /// surname is that person's given name: after a place that is a listed given name, any name-like word
    /// the gazetteer does not hold (but a place named like a person: "Henderson"); after another place or a
    /// club, a word the article also writes alone, a listed surname or in a sentence with "he" or "she"
    /// ("Miéville said he"; not "Mercedes Benz", "China Vanke … Vanke said its sales fell")
    /// (trial6 finding 13). Not a place's or an organisation's own word after it ("Virginia Tech", "Jordan
    /// Valley", "India Today", "Israel Police"), nor a word the article writes in lower case.
    func isGivenNameBeforeSurname(_ p: GazetteerIndex.Pattern, at i: Int, coveredType: [Int8]) -> Bool {
        guard p.words.count == 1, entities[p.entity].type == .loc || entities[p.entity].type == .org, tokens[i].isCapitalized,
              !tokens[i].shape.contains(.allCaps), i + 1 < tokens.count, joined(i, i + 1), !(i > 0 && coveredType[i - 1] >= 0) else { return false }
        // Not inside a run of capitals, as in a Title Case headline ("China Warns Apple Over Deal").
        if i > 0, tokens[i - 1].sentence == tokens[i].sentence, tokens[i - 1].isCapitalized { return false }
        if i + 2 < tokens.count, tokens[i + 2].sentence == tokens[i].sentence, tokens[i + 2].isCapitalized, joined(i + 1, i + 2) { return false }
        let t = tokens[i + 1]
        guard t.isCapitalized, !t.shape.contains(.allCaps), !t.shape.contains(.hyphenated), NameClassifier.looksLikeName(t),
              !NameCues.calendar.contains(t.folded), !NameCues.isRoleWord(t.folded), !NameCues.honorifics.contains(t.folded),
              !NameCues.placeHeadsTable.contains(t), !NameCues.placeModifiersTable.contains(t), !NameCues.locSuffixes.contains(t.folded),
              !NameCues.orgSuffixes.contains(t.folded), !NameCues.orgHeads.contains(t.folded), !NameCues.forces.contains(t.folded),
              !words.writtenLowerCase(t.hash) else { return false }
        // "Jordan Henderson": a surname that is also a place named like a person is still a surname.
        if let q = gazetteer.longestMatch(tokens, at: i + 1), entities[q.entity].reading != .withPlaceCue { return false }
        // A place that is a given name (Jordan, Chelsea, Israel, Virginia) before a name-like word is a person.
        if entities[p.entity].type == .loc, isPlainGivenName(i) { return t.folded != "tech" }
        let listed = surnames.contains(t.folded)
        return words.occurrences(t.hash).contains { j in
            j != i + 1 && tokens[j].isCapitalized && !(j > 0 && tokens[j - 1].hash == tokens[i].hash && joined(j - 1, j))
                && (listed || isAboutAPerson(j))
        }
    }

    /// The sentence of token k holds a personal pronoun.
    private func isAboutAPerson(_ k: Int) -> Bool {
        var a = k
        while a > 0, tokens[a - 1].sentence == tokens[k].sentence { a -= 1 }
        var b = a
        while b < tokens.count, tokens[b].sentence == tokens[k].sentence {
            if Self.personalPronouns.contains(tokens[b].folded) { return true }
            b += 1
        }
        return false
    }

    private static let personalPronouns: Set<String> = ["he", "she", "his", "her", "him", "hers", "himself", "herself"]

    /// A place named like a person is read only with a cue where it is written as the name: one word
    /// that is its canonical name or a given name or surname ("Phoenix", "Austin", "Florence"); not an
    /// alias that is nobody's name ("Firenze", "València", "Santiago de Chile").
    func needsPlaceCue(_ p: GazetteerIndex.Pattern, at i: Int) -> Bool {
        guard entities[p.entity].reading == .withPlaceCue, p.words.count == 1 else { return false }
        // As written, accents and all: "València" is no one's given name "Valencia".
        let word = tokens[i].text.lowercased()
        // The curated cue holds for the name itself, though no name list has it: "River Phoenix", "the Phoenix Suns".
        if word == entities[p.entity].name.lowercased() { return true }
        return givenNames.contains(word) || surnames.contains(word)
    }

    /// What makes a place named like a person (`NameReading.withPlaceCue`) a place: "in Austin",
    /// "near Austin", "Austin-based", "Austin, Texas", "in Dallas and Austin", or a dateline ("AUSTIN, Texas (AP) -").
    func hasPlaceCue(_ i: Int, last: Int, coveredType: [Int8]) -> Bool {
        if Dateline.isCity(i, last, tokens: tokens, scalars: scalars, isPlace: { $0 == i || isPlace($0) }) { return true }
        if last + 1 < tokens.count, tokens[last + 1].folded == "based", tokens[last + 1].shape.contains(.hyphenated) { return true }
        // "Austin, Texas", "Florence, Italy"; not "Hamilton, Britain's seven-time world champion".
        if last + 1 < tokens.count, scalars[tokens[last].end] == ",", tokens[last + 1].sentence == tokens[i].sentence,
           let p = gazetteer.longestMatch(tokens, at: last + 1), isPlace(p),
           !NameClassifier.isPossessive(last + p.words.count, tokens) { return true }
        // "John Bolton … no confidence in Bolton": a person the article named first keeps the name.
        if i == last, isNamedAsPerson(i) { return false }
        if NameClassifier.isAfterPlacePreposition(i, tokens) { return true }
        // "in Dallas and Austin" (Dallas placed just before); "parts of Austin and Houston".
        return NameClassifier.isCoordinatedWithPlace(i, tokens, coveredType: coveredType) { k in
            k < i ? coveredType[k] == NameClassifier.place : isPlace(k)
        }
    }

    /// Token i's word follows a plain given name somewhere in the article ("John Bolton").
    private func isNamedAsPerson(_ i: Int) -> Bool {
        words.occurrences(tokens[i].hash).contains { k in k > 0 && joined(k - 1, k) && isPlainGivenName(k - 1) }
    }

    /// A one-word dateline at token i.
    func isDateline(_ i: Int) -> Bool {
        Dateline.isCity(i, i, tokens: tokens, scalars: scalars, isPlace: { isPlace($0) })
    }

    /// A known place that needs no cue starts at token k.
    private func isPlace(_ k: Int) -> Bool {
        gazetteer.longestMatch(tokens, at: k).map(isPlace) ?? false
    }

    /// The gazetteer match is a place that needs no cue.
    private func isPlace(_ p: GazetteerIndex.Pattern) -> Bool {
        entities[p.entity].type == .loc && entities[p.entity].reading == .anywhere
    }

    /// Only spaces between tokens a and b, in one sentence.
    private func joined(_ a: Int, _ b: Int) -> Bool {
        tokens[a].sentence == tokens[b].sentence && NameSpans.spaced(tokens[a], tokens[b], scalars)
    }

    private func isPlainGivenName(_ k: Int) -> Bool { EntityRecognizer.isPlainGivenName(k, words, givenNames) }

    /// Token k, before a surname at k + 1, could be a given name the list lacks: capitalised, not in
    /// capitals, no everyday word, month, title, role or place word ("Central London"), never written in
    /// lower case in the article ("Visit Jordan" is not a person when the article writes "visit").
    private func isUnlistedGivenName(_ k: Int) -> Bool {
        let t = tokens[k]
        return t.isCapitalized && !t.shape.contains(.allCaps) && !t.shape.contains(.hyphenated) && NameClassifier.looksLikeName(t)
            && !NameCues.calendar.contains(t.folded) && !NameCues.isRoleWord(t.folded) && !NameCues.honorifics.contains(t.folded)
            && !NameCues.placeHeadsTable.contains(t) && !NameCues.placeModifiersTable.contains(t) && gazetteer.longestMatch(tokens, at: k) == nil
            && !words.writtenLowerCase(t.hash)
            // Not inside a run of capitals, as in a Title Case headline ("Regulators Probe Apple Over Deal").
            && !(k > 0 && tokens[k - 1].sentence == t.sentence && tokens[k - 1].isCapitalized)
            && !(k + 2 < tokens.count && tokens[k + 2].sentence == t.sentence && tokens[k + 2].isCapitalized)
    }
}
