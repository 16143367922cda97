import WirewatchCore

/// The type of one run of capitalised words, from its own words and the cues around it: a title
/// or role, an organisation or place word, a given name or surname, an acronym, a model number.
extension NameClassifier {
    /// A run of capitalised words, trimmed, and the words around it that the steps read.
    struct Run {
        let a: Int, b: Int
        let first: Token, last: Token
        let before: Token?, next: Token?
        /// Only spaces before the next word: in `"… in the West," said Marsh` the speaker is not "West".
        let nextIsSpaced: Bool
        /// "X said", right after the name.
        let speaks: Bool
        /// "a senior Commerce official", "a Tapfield analyst": the name says where the person works.
        let roleAfter: Bool
        let initial: Bool
        /// A lowercase "of", "and", "for"… inside the run.
        let linking: Int?
        var n: Int { b - a + 1 }
        var candidate: Candidate { Candidate(first: a, last: b, mentionFirst: a, type: nil, strength: .context) }
    }

    func classify(_ run: ClosedRange<Int>, honorific: Int?, afterRole: Bool) -> [Candidate] {
        var a = run.lowerBound, b = run.upperBound
        if honorific == nil {
            a = trimLeading(a, b)
            if a == b, coveredType[a] < 0, Self.alwaysTrimmed.contains(tokens[a].folded) || (isSentenceInitial(a) && CommonWords.contains(tokens[a].folded)) {
                return []
            }
            // "a principal analyst at Meridian Research", "economist at Nordbank Markets": where a person works, whole.
            if isWorkplace(a), !givenNames.contains(tokens[a].folded), tokens[b].isCapitalized {
                return [Candidate(first: a, last: b, mentionFirst: a, type: .org, strength: .context)]
            }
        }
        // Before the trim of everyday words at the end, which took the "A" of "M&A" for the article.
        if let c = ampersandAbbreviation(a, b) { return c }
        // A month is in a run only as a name ("Theresa May"), though "may" is an everyday word.
        while b > a, CommonWords.contains(tokens[b].folded) && !NameCues.calendar.contains(tokens[b].folded)
            || NameCues.connectors.contains(tokens[b].folded) { b -= 1 }
        guard a <= b, !NameCues.connectors.contains(tokens[a].folded) || tokens[a].isCapitalized else { return [] }
        let r = around(a, b)
        if let h = honorific { return titled(r, by: h) }
        if let c = readByItsOwnWords(r) { return [c] }
        if let found = readByTheWordsAround(r, afterRole: afterRole) { return found }
        return r.n >= 2 ? readSeveralWords(r) : [readOneWord(r)]
    }

    private func around(_ a: Int, _ b: Int) -> Run {
        let last = tokens[b]
        let next = b + 1 < tokens.count && tokens[b + 1].sentence == last.sentence ? tokens[b + 1] : nil
        let nextIsSpaced = next != nil && spaced(b, b + 1)
        return Run(a: a, b: b, first: tokens[a], last: last, before: a > 0 ? tokens[a - 1] : nil, next: next,
                   nextIsSpaced: nextIsSpaced,
                   speaks: nextIsSpaced && NameCues.speechTable.contains(next!),
                   roleAfter: nextIsSpaced && !next!.isCapitalized && NameCues.workplaceRolesTable.contains(next!),
                   initial: isSentenceInitial(a),
                   linking: (a...b).first { k in k > a && Self.linkWords.contains(tokens[k].folded) && !tokens[k].isCapitalized })
    }

    /// After a title ("Mr", "Dr"): a person, the title in the mention. "Mr Smith of Acme": the name stops at "of".
    private func titled(_ r: Run, by h: Int) -> [Candidate] {
        var c = r.candidate
        c.mentionFirst = h
        c.type = .person
        c.strength = .strong
        c.hasHonorific = true
        if let l = r.linking { c.last = l - 1; return [c] + classify((l + 1)...r.b, honorific: nil, afterRole: false) }
        return [c]
    }

    /// What the name's own words say: a dateline, an event or law word, an organisation or place word
    /// at the end, a place word or "University/Bank of" first.
    private func readByItsOwnWords(_ r: Run) -> Candidate? {
        var c = r.candidate
        let first = r.first, last = r.last
        // A dateline: "PHOENIX, Jan 24 - …", "SAN JOSE, California, …" at the start of a paragraph.
        if isDateline(r.a, r.b) {
            c.type = .loc
            c.strength = .strong
            return c
        }
        if r.n >= 2, NameCues.miscSuffixes.contains(last.folded) {
            c.type = .misc
            c.strength = .strong
            return c
        }
        if r.n >= 2, r.linking == nil, NameCues.orgSuffixes.contains(last.folded) || NameCues.locSuffixes.contains(last.folded) {
            c.type = NameCues.orgSuffixes.contains(last.folded) ? .org : .loc
            c.strength = .strong
            return c
        }
        // "St Elizabeth", "San Isidro", "Port Ellen", "Mount Kenya": a saint's name or a place word first is a place.
        // Not a given name that speaks or is known ("Glen Hansard said").
        if r.n >= 2, r.linking == nil, NameCues.placeHeadsTable.contains(first), !givenNames.contains(first.folded), !r.speaks {
            c.type = .loc
            return c
        }
        if r.n >= 2, NameCues.orgHeads.contains(first.folded), let l = r.linking, l == r.a + 1 {
            c.type = .org
            c.strength = .strong
            return c
        }
        return nil
    }

    /// What the words around the name say: a company noun or a role before it, a role after it,
    /// "shares in", "called". Nil: they say nothing.
    private func readByTheWordsAround(_ r: Run, afterRole: Bool) -> [Candidate]? {
        var c = r.candidate
        let a = r.a, b = r.b, first = r.first
        // Not between two roles: "a senior Republican senator" is an adjective inside a title.
        let lowercaseRoleBefore = r.before.map { !$0.isCapitalized && NameCues.rolesTable.contains($0) && $0.sentence == first.sentence } ?? false
            && !(r.nextIsSpaced && !r.next!.isCapitalized && NameCues.rolesTable.contains(r.next!))
        // "packaging company Amkor", "the EU statistics agency Eurostat", "equipment makers Applied Materials".
        if let before = r.before, !before.isCapitalized, NameCues.organisationNounsTable.contains(before), spaced(a - 1, a),
           !givenNames.contains(first.folded), !r.initial || !CommonWords.contains(first.folded) {
            c.type = .org
            return [c]
        }
        // "shares in Kakao", "a stake in Harborview Securities".
        if a >= 2, tokens[a - 1].folded == "in", NameCues.stakeNouns.contains(tokens[a - 2].folded), tokens[a - 2].sentence == first.sentence {
            c.type = .org
            c.strength = .weak
            return [c]
        }
        // "a new feature called Now Brief", "a start-up called Tapfield".
        if let kind = calledKind(a) {
            c.type = kind
            return [c]
        }
        if r.roleAfter, !givenNames.contains(first.folded), r.n >= 2 || !CommonWords.contains(first.folded) && !NameCues.commonAcronyms.contains(first.folded) {
            c.type = .org
            c.strength = .weak
            return [c]
        }
        if afterRole || lowercaseRoleBefore, !first.shape.contains(.allCaps) {
            // "Lando Norris of McLaren": a person's name stops at "of".
            if let l = r.linking { c.last = l - 1; c.type = .person; c.strength = .strong; return [c] + classify((l + 1)...b, honorific: nil, afterRole: false) }
            if r.n <= 4 { c.type = .person; c.strength = .strong; return [c] }
        }
        return nil
    }

    /// Two or more words with no cue around them: a model number, a given name inside, two names
    /// joined by "of"/"and", a given name first or surname last, "X said"; else a guess.
    private func readSeveralWords(_ r: Run) -> [Candidate] {
        var c = r.candidate
        let a = r.a, b = r.b, first = r.first, last = r.last, n = r.n
        // "Galaxy S25 Edge", "Snapdragon 8": a model number makes a product, never a person.
        if (a...b).contains(where: { k in tokens[k].text.utf8.contains { (48...57).contains($0) } }) {
            c.type = .misc
            return [c]
        }
        // "Share Save João da Silva", "(ministre de la) Défense Theo Francken": words before a
        // given name that is followed by one or two more words are not part of the name.
        if let g = (a...b).first(where: { givenNames.contains(tokens[$0].folded) }), g > a, g < b, b - g <= 2,
           !(a..<g).contains(where: { NameCues.nameParticles.contains(tokens[$0].folded) }) {
            return classify(g...b, honorific: nil, afterRole: false)
        }
        if let l = r.linking {
            // Two names joined by "of"/"and": read each on its own.
            return classify(a...(l - 1), honorific: nil, afterRole: false) + classify((l + 1)...b, honorific: nil, afterRole: false)
        }
        let plain = (a...b).allSatisfy { !tokens[$0].shape.contains(.allCaps) && !tokens[$0].shape.contains(.numeric) }
        if n <= 4, givenNames.contains(first.folded) || (surnames.contains(last.folded) && plain) {
            c.type = .person
            return [c]
        }
        if n <= 3, r.speaks { c.type = .person; return [c] }
        guard guessesFreely else { return [] }
        // Two or three capitalised words that look like names, with nothing else to go on, are in news
        // most often a person; with an ordinary word among them ("Live Nation", "Fast Retailing") an organisation.
        let nameLike = plain && (a...b).allSatisfy { Self.looksLikeName(tokens[$0]) }
        c.type = n <= 3 && !r.initial ? (nameLike ? .person : (english ? .org : .misc)) : .misc
        c.strength = .weak
        return [c]
    }

    /// One word with no cue around it: a number, an acronym, CamelCase, what a company has, a
    /// speaker, a place after "in". Untyped otherwise, for coreference.
    private func readOneWord(_ r: Run) -> Candidate {
        var c = r.candidate
        let a = r.a, b = r.b, first = r.first, next = r.next
        if first.text.unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
            c.type = .misc
            c.strength = .weak
            return c
        }
        if first.shape.contains(.allCaps) {
            if plainAbbreviations.contains(first.text) || NameCues.commonAcronyms.contains(first.folded) { return c }
            // "GPT models", "EUV machines", "HBM chips", "GPT-5": a product or a technology. A company's
            // chips ("YMTC chips") need the company in the gazetteer, which runs first.
            if r.nextIsSpaced, !next!.isCapitalized,
               NameCues.productNounsTable.contains(next!) || NameCues.technologyGoodsTable.contains(next!) {
                c.type = .misc
                c.strength = .context
                return c
            }
            if let next, next.shape.contains(.numeric), next.shape.contains(.hyphenated) {
                c.type = .misc
                c.strength = .context
                return c
            }
            if first.text.unicodeScalars.count <= 6 { c.type = .org; c.strength = .weak }
            return c
        }
        if first.shape.contains(.innerCap) {
            c.type = first.isCapitalized ? .org : .misc
            c.strength = .weak
            return c
        }
        guard english, !r.initial || !CommonWords.contains(first.folded) else { return c }
        // "Figma's shares", "Rivian's chief executive": what a company has.
        if b + 2 < tokens.count, isPossessive(b),
           NameCues.companyNouns.contains(tokens[b + 2].folded), !CommonWords.contains(first.folded) {
            c.type = .org
            c.strength = .weak
            return c
        }
        // "Police in Glasgow said": the speaker is before "in"; the place is where they are. "Investors in
        // Cloudflare said": holders hold a company.
        let heldBy = a >= 2 && tokens[a - 1].folded == "in" && NameCues.holders.contains(tokens[a - 2].folded)
        if r.speaks, !CommonWords.contains(first.folded), !NameCues.isRoleWord(first.folded), !isAfterPlacePreposition(a) || heldBy,
           !(r.initial && isPluralOfPeople(first)) {
            // A person is introduced by full name first (and then found by coreference); a single
            // unknown word that speaks is most often a company or a body ("Cloudflare said").
            c.type = .org
            c.strength = .weak
        } else if isAfterPlacePreposition(a) && !isFollowedByCompanysPossession(b) || isCoordinatedWithPlace(a) {
            c.type = .loc
            c.strength = .weak
        }
        return c
    }

    /// "M&A", "R&D", "Q&A", "P&L": letters joined by "&" are an abbreviation, never a person's name ("M&A" was PERSON
    /// "A"; exploratory finding of stop 33): an everyday one names nothing, another is weakly an organisation
    /// ("AT&T" and "S&P 500" are the gazetteer's). Nil when the run is not one.
    private func ampersandAbbreviation(_ a: Int, _ b: Int) -> [Candidate]? {
        guard b > a, (a..<b).allSatisfy({ tokens[$0 + 1].shape.contains(.afterAmpersand) }) else { return nil }
        if NameCues.commonAcronyms.contains((a...b).map { tokens[$0].folded }.joined(separator: "&")) { return [] }
        return [Candidate(first: a, last: b, mentionFirst: a, type: .org, strength: .weak)]
    }

    /// "Growers said", "Readers wrote", "Exporters said" first in a sentence: people of a kind speaking, not
    /// a company (exploratory finding of stop 32). A word ending as a plural of people ("-ers", "-ors", "-ists",
    /// "-ians", "-ants", "-ents", "-esses") that is no listed surname ("Sanders said" may still be one).
    private func isPluralOfPeople(_ t: Token) -> Bool {
        let w = t.folded
        return w.count >= 6 && Self.peoplePluralEndings.contains { w.hasSuffix($0) } && !surnames.contains(w)
    }

    private static let peoplePluralEndings = ["ers", "ors", "ists", "ians", "ants", "ents", "esses"]
}
