/// The context around a capitalised run: what stands before and after it, and
/// whether its words look like a person's name.
extension NameClassifier {
    /// Words in capitals alone at the start of a line, before a comma.
    func isDateline(_ a: Int, _ b: Int) -> Bool {
        let start = tokens[a].start, end = tokens[b].end
        guard start == 0 || scalars[start - 1] == "\n", end < scalars.count, scalars[end] == "," else { return false }
        guard (a...b).allSatisfy({ tokens[$0].shape.contains(.allCaps) }) else { return false }
        // A date follows within three words ("Jan 24"), so that a headline "NATO, EU agree …" is not one.
        return (b + 1...b + 3).contains { k in
            k + 1 < tokens.count && NameCues.calendar.contains(tokens[k].folded) && tokens[k + 1].shape.contains(.numeric)
        }
    }

    /// "in X", "near X", "outside X", and with a word between: "in north Phoenix", "in nearby Peoria".
    func isAfterPlacePreposition(_ a: Int) -> Bool {
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
