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

    static let alwaysTrimmed: Set<String> = ["the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "our", "its", "my", "your"]

    func candidates(in span: ClosedRange<Int>) -> [Candidate] {
        var out: [Candidate] = []
        // Split at titles: "Commerce Secretary Howard Lutnick" → (title) + "Howard Lutnick".
        var segStart = span.lowerBound
        var honorific: Int? = nil
        var afterRole = false
        var k = span.lowerBound
        while k <= span.upperBound {
            let t = tokens[k]
            // "M" (Monsieur) is no title in "M&A".
            if coveredType[k] < 0, NameCues.honorifics.contains(t.folded), k < span.upperBound, t.isCapitalized, scalars[t.end] != "&" {
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

    func isSentenceInitial(_ k: Int) -> Bool {
        let s = sentences[tokens[k].sentence]
        if k == s.tokens.lowerBound { return true }
        // After an opening quote or a colon at the start of a clause.
        var p = tokens[k].start - 1
        while p >= 0, scalars[p] == " " { p -= 1 }
        return p >= 0 && (scalars[p] == ":" || scalars[p] == "\"" || scalars[p] == "“" || scalars[p] == "‘" || scalars[p] == "(")
            && (k == 0 || tokens[k - 1].end < p)
    }

    func trimLeading(_ a: Int, _ b: Int) -> Int {
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
}
