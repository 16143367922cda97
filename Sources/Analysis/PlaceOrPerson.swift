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

    /// "Whitney Houston", "Mr Austin", "George Washington", "Sydney Sweeney", "Israel Katz": a one-word
    /// place that a given name or a title stands before, or that is a given name before a surname,
    /// names a person.
    func isPersonsName(_ p: GazetteerIndex.Pattern, at i: Int, coveredType: [Int8]) -> Bool {
        guard p.words.count == 1, entities[p.entity].type == .loc, tokens[i].isCapitalized,
              !tokens[i].shape.contains(.allCaps) else { return false }
        if i > 0, coveredType[i - 1] < 0, tokens[i - 1].isCapitalized, tokens[i - 1].sentence == tokens[i].sentence {
            let before = tokens[i - 1].folded
            // "Mr Austin", "Mr. Austin"; not "DR Congo".
            if NameCues.honorifics.contains(before), !tokens[i - 1].shape.contains(.allCaps), (tokens[i - 1].end..<tokens[i].start).allSatisfy({ scalars[$0] == " " || scalars[$0] == "." }) { return true }
            if givenNames.contains(before), joined(i - 1, i), isPlainName(i - 1) { return true }
        }
        if i + 1 < tokens.count, joined(i, i + 1), tokens[i + 1].isCapitalized, !tokens[i + 1].shape.contains(.allCaps),
           givenNames.contains(tokens[i].folded), surnames.contains(tokens[i + 1].folded),
           gazetteer.longestMatch(tokens, at: i + 1) == nil { return true }
        return false
    }

    /// What makes a place named like a person (`NameReading.withPlaceCue`) a place: "in Austin",
    /// "near Austin", "Austin-based", "Austin, Texas", "Austin and Houston", "in Dallas and Austin", or a dateline ("AUSTIN, Texas (AP) -").
    func hasPlaceCue(_ i: Int, last: Int, coveredType: [Int8]) -> Bool {
        if Dateline.isCity(i, last, tokens: tokens, scalars: scalars, isPlace: { isPlace($0) }) { return true }
        if last + 1 < tokens.count, tokens[last + 1].folded == "based", tokens[last + 1].shape.contains(.hyphenated) { return true }
        // "Austin, Texas", "Florence, Italy".
        if last + 1 < tokens.count, scalars[tokens[last].end] == ",", tokens[last + 1].sentence == tokens[i].sentence,
           isPlace(last + 1) { return true }
        if NameClassifier.isAfterPlacePreposition(i, tokens) { return true }
        // "Austin and Houston"; "in Dallas and Austin" (Dallas placed just before).
        if i >= 2, ["and", "or"].contains(tokens[i - 1].folded), tokens[i - 2].sentence == tokens[i].sentence,
           coveredType[i - 2] == NameClassifier.place { return true }
        if last + 2 < tokens.count, ["and", "or"].contains(tokens[last + 1].folded), tokens[last + 2].sentence == tokens[i].sentence,
           isPlace(last + 2) { return true }
        return false
    }

    /// A one-word dateline at token i.
    func isDateline(_ i: Int) -> Bool {
        Dateline.isCity(i, i, tokens: tokens, scalars: scalars, isPlace: { isPlace($0) })
    }

    /// A known place that needs no cue starts at token k.
    private func isPlace(_ k: Int) -> Bool {
        guard let p = gazetteer.longestMatch(tokens, at: k) else { return false }
        return entities[p.entity].type == .loc && entities[p.entity].reading == .anywhere
    }

    /// Only spaces between tokens a and b, in one sentence.
    private func joined(_ a: Int, _ b: Int) -> Bool {
        tokens[a].sentence == tokens[b].sentence && NameSpans.spaced(tokens[a], tokens[b], scalars)
    }

    /// A given name that is not a month, an everyday word or a word the article writes in lower case.
    private func isPlainName(_ k: Int) -> Bool {
        let t = tokens[k]
        return !NameCues.calendar.contains(t.folded) && !CommonWords.contains(t.folded) && !tokens.contains { $0.hash == t.hash && $0.startsLowerCase }
    }
}
