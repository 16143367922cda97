import WirewatchCore

/// Reads a capitalised span the gazetteer did not fully explain: which parts
/// are names, and of what type, from the words in and around them.
///
/// Strong cues: a title before ("Mr", "President", "press secretary"), an
/// organisation or place word at the end ("… Inc", "… University", "… River"),
/// "University/Ministry/Bank of …", a known given name first or surname
/// last. Weak cues, English only: "X said", "at X", "in X", acronyms and
/// CamelCase words. Single words without a cue are left to coreference.
struct NameClassifier {
    struct Candidate {
        /// Token indices of the name itself.
        var first: Int
        var last: Int
        /// First token of the mention: the title ("Mr") when there is one.
        var mentionFirst: Int
        var type: EntityType?
        var strength: MentionTable.Strength
        /// True when the name replaces gazetteer readings inside it.
        var overridesGazetteer = false
        var hasHonorific = false
        var isSingleWord: Bool { first == last }
    }

    let tokens: [Token]
    let sentences: [Sentence]
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    /// Per token: the gazetteer type covering it (index in `EntityType.allCases`), or -1.
    let coveredType: [Int8]
    /// Per token: a gazetteer name starts here.
    let gazetteerStarts: [Bool]
    let givenNames: Set<String>
    let surnames: Set<String>
    /// English: the weak cues ("in X", "X said") hold.
    let english: Bool
    /// Not German, where every noun is capitalised: a capitalised pair may be guessed a name.
    let guessesFreely: Bool
    /// Acronyms the article spells out in lower case ("deep ultraviolet (DUV)"): technologies, not organisations.
    var plainAbbreviations: Set<String> = []

    /// Only spaces between tokens a and b.
    func spaced(_ a: Int, _ b: Int) -> Bool { NameSpans.spaced(tokens[a], tokens[b], scalars) }

    private static let alwaysTrimmed: Set<String> = ["the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "our", "its", "my", "your"]

    func candidates(in span: ClosedRange<Int>) -> [Candidate] {
        var out: [Candidate] = []
        // Split at titles: "Commerce Secretary Howard Lutnick" → (title) + "Howard Lutnick".
        var segStart = span.lowerBound
        var honorific: Int? = nil
        var afterRole = false
        var k = span.lowerBound
        while k <= span.upperBound {
            let t = tokens[k]
            if coveredType[k] < 0, NameCues.honorifics.contains(t.folded), k < span.upperBound, t.isCapitalized {
                honorific = k
                segStart = k + 1
            } else if coveredType[k] < 0, NameCues.roles.contains(t.folded), t.isCapitalized {
                // What stood before the role was part of the title ("Commerce").
                honorific = nil
                afterRole = true
                segStart = k + 1
                // "Secretary of State Marco Rubio": the "of State" belongs to the title too.
                if k + 2 <= span.upperBound, NameCues.connectors.contains(tokens[k + 1].folded), coveredType[k + 2] < 0 {
                    k += 2
                    segStart = k + 1
                }
            } else if k == span.upperBound || startsNewSegment(k + 1) {
                if segStart <= k {
                    var parts = segment(segStart...k, honorific: honorific, afterRole: afterRole)
                    // Words before a role are part of the title ("AI Venture Partner", "Commerce Secretary"),
                    // unless they name an organisation ("Acme Corp CEO Jane Doe").
                    if k < span.upperBound, !isHonorific(k + 1) {
                        parts.removeAll { p in
                            !(p.type == .org && p.strength == .strong) && !(p.type == .person && givenNames.contains(tokens[p.first].folded))
                        }
                    }
                    out += parts
                }
                honorific = nil
                afterRole = false
                segStart = k + 1
            }
            k += 1
        }
        return out
    }

    private func isHonorific(_ k: Int) -> Bool { NameCues.honorifics.contains(tokens[k].folded) }

    /// The next token opens a new segment when it is a title.
    private func startsNewSegment(_ k: Int) -> Bool {
        coveredType[k] < 0 && tokens[k].isCapitalized
            && (NameCues.honorifics.contains(tokens[k].folded) || NameCues.roles.contains(tokens[k].folded))
    }

    private func segment(_ seg: ClosedRange<Int>, honorific: Int?, afterRole: Bool) -> [Candidate] {
        var a = seg.lowerBound, b = seg.upperBound
        while a <= b, NameCues.connectors.contains(tokens[a].folded), !tokens[a].isCapitalized { a += 1 }
        while a <= b, NameCues.connectors.contains(tokens[b].folded), !tokens[b].isCapitalized { b -= 1 }
        guard a <= b else { return [] }
        // A name the context reads as a whole organisation or place wins over gazetteer words inside it.
        let head = trimLeading(a, b)
        if let party = partyName(head, b) {
            return (party.first > head ? segment(head...(party.first - 1), honorific: honorific, afterRole: afterRole) : []) + [party]
        }
        if head < b, coveredType[b] < 0 {
            let lastWord = tokens[b].folded
            let hasKnown = (head...b).contains { coveredType[$0] >= 0 }
            if NameCues.orgSuffixes.contains(lastWord), !hasKnown || overridable(head, b) {
                return [Candidate(first: head, last: b, mentionFirst: head, type: .org, strength: .strong, overridesGazetteer: hasKnown)]
            }
            if NameCues.orgHeads.contains(tokens[head].folded), ["of", "for"].contains(tokens[head + 1].folded), coveredType[head] < 0 {
                return [Candidate(first: head, last: b, mentionFirst: head, type: .org, strength: .strong, overridesGazetteer: hasKnown)]
            }
            if NameCues.locSuffixes.contains(lastWord), !hasKnown {
                return [Candidate(first: head, last: b, mentionFirst: head, type: .loc, strength: .strong)]
            }
        }
        // Otherwise the gazetteer's names stand, and each uncovered run is read on its own.
        var out: [Candidate] = []
        var runStart = -1
        for k in a...b {
            if coveredType[k] < 0 {
                if runStart < 0 { runStart = k }
            } else if runStart >= 0 {
                out += classify(runStart...(k - 1), honorific: runStart == a ? honorific : nil, afterRole: runStart == a && afterRole)
                runStart = -1
            }
        }
        if runStart >= 0 { out += classify(runStart...b, honorific: runStart == a ? honorific : nil, afterRole: runStart == a && afterRole) }
        return out
    }

    /// "Sweden Democrats", "Liberal Democrats": a party plural ends the capitalised words before it as a
    /// party's own name, over a gazetteer reading of the plural alone ("Democrats") or of a word inside.
    /// Not inside a longer known name ("Christian Democrats"), and not after a chamber or a place ("Senate
    /// Republicans", "Texas Republicans" are the party's members there; "Sweden Democrats" is in the gazetteer).
    private func partyName(_ head: Int, _ b: Int) -> Candidate? {
        guard head < b, NameCues.partyPlurals.contains(tokens[b].folded), coveredType[b] < 0 || gazetteerStarts[b] else { return nil }
        var r = b
        while r > head, tokens[r - 1].isCapitalized, !NameCues.chambers.contains(tokens[r - 1].folded),
              coveredType[r - 1] != Self.place { r -= 1 }
        guard r < b, overridable(r, b) else { return nil }
        return Candidate(first: r, last: b, mentionFirst: r, type: .org, strength: .strong,
                         overridesGazetteer: (r...b).contains { coveredType[$0] >= 0 })
    }

    /// An organisation word at the end overrides gazetteer places and demonyms inside
    /// ("American Airlines", "China Mobile", "Harvard Business School") but not people.
    private func overridable(_ a: Int, _ b: Int) -> Bool {
        (a...b).allSatisfy { coveredType[$0] != Self.person }
    }

    static let person = Int8(EntityType.allCases.firstIndex(of: .person)!)
    static let place = Int8(EntityType.allCases.firstIndex(of: .loc)!)

    private func isSentenceInitial(_ k: Int) -> Bool {
        let s = sentences[tokens[k].sentence]
        if k == s.tokens.lowerBound { return true }
        // After an opening quote or a colon at the start of a clause.
        var p = tokens[k].start - 1
        while p >= 0, scalars[p] == " " { p -= 1 }
        return p >= 0 && (scalars[p] == ":" || scalars[p] == "\"" || scalars[p] == "“" || scalars[p] == "‘" || scalars[p] == "(")
            && (k == 0 || tokens[k - 1].end < p)
    }

    private func trimLeading(_ a: Int, _ b: Int) -> Int {
        var a = a
        while a < b, coveredType[a] < 0 {
            let f = tokens[a].folded
            let droppable = Self.alwaysTrimmed.contains(f) || (isSentenceInitial(a) && CommonWords.contains(f))
                || NameCues.connectors.contains(f)
            guard droppable else { break }
            a += 1
        }
        return a
    }

    private func classify(_ run: ClosedRange<Int>, honorific: Int?, afterRole: Bool) -> [Candidate] {
        var a = run.lowerBound, b = run.upperBound
        if honorific == nil {
            a = trimLeading(a, b)
            if a == b, coveredType[a] < 0, Self.alwaysTrimmed.contains(tokens[a].folded) || (isSentenceInitial(a) && CommonWords.contains(tokens[a].folded)) {
                return []
            }
        }
        // "a principal analyst at Meridian Research", "economist at Nordbank Markets": where a person works, whole.
        if honorific == nil, isWorkplace(a), !givenNames.contains(tokens[a].folded), tokens[b].isCapitalized {
            return [Candidate(first: a, last: b, mentionFirst: a, type: .org, strength: .context)]
        }
        while b > a, CommonWords.contains(tokens[b].folded) || NameCues.connectors.contains(tokens[b].folded) { b -= 1 }
        guard a <= b, !NameCues.connectors.contains(tokens[a].folded) || tokens[a].isCapitalized else { return [] }
        let n = b - a + 1
        let first = tokens[a], last = tokens[b]
        let before = a > 0 ? tokens[a - 1] : nil
        let next = b + 1 < tokens.count && tokens[b + 1].sentence == last.sentence ? tokens[b + 1] : nil
        // Only right after the name: in "… in the West," said Tapfield's head the speaker is not "West".
        let nextIsSpaced = next != nil && spaced(b, b + 1)
        let speaks = nextIsSpaced && NameCues.speechTable.contains(next!)
        // "a senior Commerce official", "a Tapfield analyst": the name says where the person works.
        let roleAfter = nextIsSpaced && !next!.isCapitalized && NameCues.workplaceRolesTable.contains(next!)
        let initial = isSentenceInitial(a)
        var c = Candidate(first: a, last: b, mentionFirst: a, type: nil, strength: .context)
        let linking = (a...b).first { k in k > a && Self.linkWords.contains(tokens[k].folded) && !tokens[k].isCapitalized }

        if let h = honorific {
            c.mentionFirst = h
            c.type = .person
            c.strength = .strong
            c.hasHonorific = true
            if let l = linking { c.last = l - 1; return [c] + classify((l + 1)...b, honorific: nil, afterRole: false) }
            return [c]
        }
        // A dateline: "PHOENIX, Jan 24 - …", "SAN JOSE, California, …" at the start of a paragraph.
        if isDateline(a, b) {
            c.type = .loc
            c.strength = .strong
            return [c]
        }
        if n >= 2, NameCues.miscSuffixes.contains(last.folded) {
            c.type = .misc
            c.strength = .strong
            return [c]
        }
        if n >= 2, linking == nil, NameCues.orgSuffixes.contains(last.folded) || NameCues.locSuffixes.contains(last.folded) {
            c.type = NameCues.orgSuffixes.contains(last.folded) ? .org : .loc
            c.strength = .strong
            return [c]
        }
        // "St Elizabeth", "San Isidro", "Port Ellen", "Mount Kenya": a saint's name or a place word first is a place.
        // Not a given name that speaks or is known ("Glen Hansard said").
        if n >= 2, linking == nil, NameCues.placeHeadsTable.contains(first), !givenNames.contains(first.folded), !speaks {
            c.type = .loc
            return [c]
        }
        if n >= 2, NameCues.orgHeads.contains(first.folded), let l = linking, l == a + 1 {
            c.type = .org
            c.strength = .strong
            return [c]
        }
        // Not between two roles: "a senior Republican senator" is an adjective inside a title.
        let lowercaseRoleBefore = before.map { !$0.isCapitalized && NameCues.rolesTable.contains($0) && $0.sentence == first.sentence } ?? false
            && !(nextIsSpaced && !next!.isCapitalized && NameCues.rolesTable.contains(next!))
        // "packaging company Amkor", "the EU statistics agency Eurostat", "equipment makers Applied Materials".
        if let before, !before.isCapitalized, NameCues.organisationNounsTable.contains(before), spaced(a - 1, a),
           !givenNames.contains(first.folded), !initial || !CommonWords.contains(first.folded) {
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
        if roleAfter, !givenNames.contains(first.folded), n >= 2 || !CommonWords.contains(first.folded) && !NameCues.commonAcronyms.contains(first.folded) {
            c.type = .org
            c.strength = .weak
            return [c]
        }
        if afterRole || lowercaseRoleBefore, !first.shape.contains(.allCaps) {
            // "Lando Norris of McLaren": a person's name stops at "of".
            if let l = linking { c.last = l - 1; c.type = .person; c.strength = .strong; return [c] + classify((l + 1)...b, honorific: nil, afterRole: false) }
            if n <= 4 { c.type = .person; c.strength = .strong; return [c] }
        }
        if n >= 2 {
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
            if let l = linking {
                // Two names joined by "of"/"and": read each on its own.
                return classify(a...(l - 1), honorific: nil, afterRole: false) + classify((l + 1)...b, honorific: nil, afterRole: false)
            }
            let plain = (a...b).allSatisfy { !tokens[$0].shape.contains(.allCaps) && !tokens[$0].shape.contains(.numeric) }
            if n <= 4, givenNames.contains(first.folded) || (surnames.contains(last.folded) && plain) {
                c.type = .person
                return [c]
            }
            if n <= 3, speaks { c.type = .person; return [c] }
            guard guessesFreely else { return [] }
            // Two or three capitalised words that look like names, with nothing else to go on, are in news
            // most often a person; with an ordinary word among them ("Live Nation", "Fast Retailing") an organisation.
            let nameLike = plain && (a...b).allSatisfy { Self.looksLikeName(tokens[$0]) }
            c.type = n <= 3 && !initial ? (nameLike ? .person : (english ? .org : .misc)) : .misc
            c.strength = .weak
            return [c]
        }
        // One word.
        if first.text.unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
            c.type = .misc
            c.strength = .weak
            return [c]
        }
        if first.shape.contains(.allCaps) {
            if plainAbbreviations.contains(first.text) || NameCues.commonAcronyms.contains(first.folded) { return [c] }
            // "GPT models", "EUV machines", "HBM chips", "GPT-5": a product or a technology. A company's
            // chips ("YMTC chips") need the company in the gazetteer, which runs first.
            if nextIsSpaced, !next!.isCapitalized,
               NameCues.productNounsTable.contains(next!) || NameCues.technologyGoodsTable.contains(next!) {
                c.type = .misc
                c.strength = .context
                return [c]
            }
            if let next, next.shape.contains(.numeric), next.shape.contains(.hyphenated) {
                c.type = .misc
                c.strength = .context
                return [c]
            }
            let letters = first.text.unicodeScalars.count
            if letters <= 6, !NameCues.commonAcronyms.contains(first.folded) { c.type = .org; c.strength = .weak }
            return [c]
        }
        if first.shape.contains(.innerCap) {
            c.type = first.isCapitalized ? .org : .misc
            c.strength = .weak
            return [c]
        }
        guard english, !initial || !CommonWords.contains(first.folded) else { return [c] }
        // "Figma's shares", "Rivian's chief executive": what a company has.
        if b + 2 < tokens.count, isPossessive(b),
           NameCues.companyNouns.contains(tokens[b + 2].folded), !CommonWords.contains(first.folded) {
            c.type = .org
            c.strength = .weak
            return [c]
        }
        if speaks, !CommonWords.contains(first.folded), !NameCues.isRoleWord(first.folded) {
            // A person is introduced by full name first (and then found by coreference); a single
            // unknown word that speaks is most often a company or a body ("Cloudflare said").
            c.type = .org
            c.strength = .weak
        } else if isAfterPlacePreposition(a) && !isFollowedByCompanysPossession(b) || isCoordinatedWithPlace(a) {
            c.type = .loc
            c.strength = .weak
        }
        return [c]
    }
}
