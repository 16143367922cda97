import WirewatchCore

/// A bare surname after the article has named a person in full is that person, not the gazetteer's
/// namesake: "Jordan" after Michael Jordan is not the country, "Washington" after Denzel Washington not
/// the United States, "Biden" after Hunter Biden alone not Joe Biden, "Ford" after Harrison Ford not the
/// carmaker. Two people named in full with that surname (Donald and Melania Trump) leave the bare
/// surname unresolved, as `Coreference` leaves any short form two names share.
extension Coreference {
    /// Honorifics that say nothing of which namesake is meant ("Mrs Trump"); a role does ("President Biden").
    private static let plainTitles: Set<String> = ["mr", "mrs", "ms", "miss", "mx"]

    /// `known`: the parts of each knowledge-base entity's name.
    static func resolveNamesakes(in found: inout MentionTable, known: [NameParts], entities: [EntityDefinition], tokens: [Token],
                                 scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        // The people named in full, by surname, with where each is first named.
        var bySurname: [String: [(key: MentionTable.Key, first: Int)]] = [:]
        for f in found.all where !f.removed && f.type == .person && f.words >= 2 {
            let last: String
            if case .known(let i) = f.key { last = known[i].lastWord } else { last = NameParts(scalars[f.nameStart..<f.end], withFirstWord: false).lastWord }
            if let k = bySurname[last, default: []].firstIndex(where: { $0.key == f.key }) {
                bySurname[last]![k].first = min(bySurname[last]![k].first, f.nameStart)
            } else {
                bySurname[last, default: []].append((f.key, f.nameStart))
            }
        }
        // Most articles name no one in full whose surname the gazetteer also knows alone.
        guard !bySurname.isEmpty else { return }
        for k in found.all.indices {
            let f = found.all[k]
            guard !f.removed, f.words == 1, f.strength == .gazetteer, let t = tokenIndex(startingAt: f.nameStart, tokens),
                  let named = bySurname[tokens[t].folded] else { continue }
            let earlier = named.filter { $0.key != f.key && $0.first < f.nameStart }
            guard !earlier.isEmpty else { continue }
            // A dateline's or a headline's capitals, or a place the text places ("visited Jordan") stay.
            if tokens[t].shape.contains(.allCaps) { continue }
            if f.type == .loc, NameClassifier.isAfterPlacePreposition(t, tokens) || isCalledAPlace(t, tokens, scalars) { continue }
            if t > 0, tokens[t - 1].isCapitalized, tokens[t - 1].sentence == tokens[t].sentence,
               NameCues.roles.contains(tokens[t - 1].folded) || f.start != f.nameStart && !plainTitles.contains(tokens[t - 1].folded) { continue }
            // A place named like a person was read as the place only on a cue ("Austin-based"), which stands.
            if case .known(let e) = f.key, entities[e].reading == .withPlaceCue { continue }
            if earlier.count == 1, !named.contains(where: { $0.key == f.key }) {
                found.reassign(k, to: earlier[0].key, type: .person)
            } else {
                found.drop(k)
            }
        }
    }

    /// "Jordan, the kingdom, said", "the kingdom of Jordan", "Jordan's foreign ministry": the text says that
    /// token t is the place (trial6 finding 10: after Michael Jordan, the kingdom was him).
    static func isCalledAPlace(_ t: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        let sentence = tokens[t].sentence
        if tokens[t].end < scalars.count, scalars[tokens[t].end] == ",", t + 2 < tokens.count, tokens[t + 1].folded == "the" {
            for k in (t + 2)..<min(t + 5, tokens.count) where tokens[k].sentence == sentence {
                if placeNouns.contains(tokens[k].folded) { return true }
            }
        }
        if t >= 2, tokens[t - 1].folded == "of", placeNouns.contains(tokens[t - 2].folded), tokens[t - 2].sentence == sentence { return true }
        return NameClassifier.isPossessive(t, tokens) && t + 2 < tokens.count && tokens[t + 2].sentence == sentence
            && stateNouns.contains(tokens[t + 2].folded)
    }

    private static let placeNouns: Set<String> = [
        "kingdom", "country", "nation", "state", "emirate", "republic", "monarchy", "island", "city", "capital", "territory",
    ]
    /// What a country has, after its possessive: "Jordan's government", "Jordan's king".
    private static let stateNouns: Set<String> = [
        "government", "king", "queen", "foreign", "ministry", "army", "military", "capital", "parliament", "economy",
        "border", "borders", "president", "prime", "embassy", "armed", "central", "interior", "defence", "defense",
    ]

    /// The token that starts at scalar offset `start`.
    static func tokenIndex(startingAt start: Int, _ tokens: [Token]) -> Int? {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        return lo < tokens.count && tokens[lo].start == start ? lo : nil
    }
}
