import WirewatchCore

/// Resolves the short forms of names already found in the same article:
/// a surname alone or after a title ("Sacks", "Mr Sacks") → the person named
/// in full; the last word of an organisation ("the Navy") → that
/// organisation; an acronym of a name ("BIS") → that name. A short form
/// that two names share stays unresolved rather than guessed.
struct Coreference {
    private var surnames: [String: MentionTable.Key?] = [:]
    private var orgLastWords: [String: MentionTable.Key?] = [:]
    private var acronyms: [String: MentionTable.Key?] = [:]
    /// An organisation's first word: "Tapfield" of "Tapfield Analytics", "Eastbridge" of "Eastbridge Capital".
    private var orgFirstWords: [String: MentionTable.Key?] = [:]
    /// Two- or three-word names read as MISC for want of a cue ("Tomasz Wójcik" at the start of a
    /// sentence): a surname that speaks later makes them a person.
    private var miscLastWords: [String: MentionTable.Key?] = [:]
    /// A person's first word: "Kim" of "Kim Yo Jong", whose family name comes first.
    private var personFirstWords: [String: MentionTable.Key?] = [:]

    /// The first and last words (folded) and the capitals' initials of a name.
    struct NameParts: Sendable {
        /// Empty unless asked for: a name read from context has it in its key.
        var firstWord = ""
        var lastWord: String
        var initials: String

        init(_ name: some Sequence<Unicode.Scalar>, withFirstWord: Bool = true) {
            var last = String.UnicodeScalarView()
            var initials = String.UnicodeScalarView()
            var atWordStart = true
            var first = String.UnicodeScalarView()
            var words = 0
            for c in name {
                if c == " " { atWordStart = true; continue }
                if atWordStart { words += 1 }
                if words == 1, withFirstWord { first.append(c) }
                if atWordStart {
                    last = String.UnicodeScalarView()
                    if c.properties.isUppercase { initials.append(c) }
                }
                last.append(c)
                atWordStart = false
            }
            lastWord = TextFolding.fold(String(last))
            if withFirstWord { firstWord = TextFolding.fold(String(first)) }
            self.initials = String(initials)
        }
    }

    /// `known`: the parts of each knowledge-base entity's name, computed once per knowledge base.
    init(found: MentionTable, known: [NameParts], scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        for f in found.all where !f.removed && f.words >= 2 {
            let parts: NameParts
            if case .known(let i) = f.key { parts = known[i] } else { parts = NameParts(scalars[f.nameStart..<f.end], withFirstWord: false) }
            switch f.type {
            case .person:
                Self.note(parts.lastWord, f.key, in: &surnames)
                Self.note(Self.firstWord(f.key, parts), f.key, in: &personFirstWords)
            case .org, .loc:
                if f.type == .org {
                    // "AI" of "Stability AI" is the everyday "AI" elsewhere (exploratory finding of stop 32).
                    if !NameCues.commonAcronyms.contains(parts.lastWord) { Self.note(parts.lastWord, f.key, in: &orgLastWords) }
                    let w = Self.firstWord(f.key, parts)
                    if !NameCues.orgHeads.contains(w), !NameCues.connectors.contains(w), !CommonWords.contains(w) {
                        Self.note(w, f.key, in: &orgFirstWords)
                    }
                }
                if parts.initials.unicodeScalars.count >= 2 { Self.note(parts.initials, f.key, in: &acronyms) }
            case .misc:
                if f.words <= 3, case .local = f.key { Self.note(parts.lastWord, f.key, in: &miscLastWords) }
            }
        }
    }

    private static func firstWord(_ key: MentionTable.Key, _ parts: NameParts) -> String {
        if case .local(let name) = key { return String(Substring(name.utf8.prefix { $0 != UInt8(ascii: " ") })) }
        return parts.firstWord
    }

    private static func note(_ word: String, _ key: MentionTable.Key, in map: inout [String: MentionTable.Key?]) {
        if let existing = map[word] {
            if existing != key { map[word] = .some(nil) }
        } else {
            map[word] = key
        }
    }

    /// Adds each single-word candidate as a mention of the name it is short for,
    /// or as a name of its own when its context gave it a type, or drops it.
    func resolve(_ singles: [NameClassifier.Candidate], into found: inout MentionTable, tokens: [Token],
                 scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        // One-word names read from context so far, for the same word again without a cue.
        var localTypes: [String: EntityType] = [:]
        for f in found.all where f.words == 1 && !f.removed {
            if case .local(let name) = f.key, localTypes[name] == nil { localTypes[name] = f.type }
        }
        for c in singles {
            let word = tokens[c.first].folded
            let personLike = c.type == nil || c.type == .person || c.strength == .weak
            if personLike, let hit = surnames[word], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .person)
            } else if personLike, surnames[word] == nil, let hit = personFirstWords[word], let key = hit {
                // "Kim Yo Jong … Kim said": a name written family name first is short for the person too.
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .person)
            } else if personLike, let hit = miscLastWords[word], let key = hit {
                // Only a cue (it speaks, it has a title) makes the name a person: "the Ultra" of "S25 Ultra" does not.
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: c.type == nil ? .misc : .person)
            } else if c.type == nil || c.strength == .weak, let hit = orgLastWords[word], let key = hit,
                      !NameCues.orgSuffixes.contains(word) || (c.first > 0 && tokens[c.first - 1].folded == "the") {
                // A generic last word stands for the organisation only after "the": "the Navy", not "Capital expenditure".
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .org)
            } else if c.type == nil || c.strength == .weak, let hit = orgFirstWords[word], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .org)
            } else if tokens[c.first].shape.contains(.allCaps), let hit = acronyms[tokens[c.first].text], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .org)
            } else if c.type != nil {
                found.add(candidate: c, tokens: tokens, scalars: scalars)
                if c.type != .misc, localTypes[word] == nil { localTypes[word] = c.type }
            } else if !localTypes.isEmpty, let type = localTypes[word] {
                // The same word again without a cue: "PHOENIX, Jan 24" … "north Phoenix".
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: .local(word), type: type)
            }
        }
    }

    /// Two names of one organisation in the article become one: a name less its organisation word
    /// ("Hebridean Spirits" of "Hebridean Spirits Group"), and a name whose capitals spell a known
    /// organisation's acronym written in the article ("Taiwan Semiconductor Manufacturing Co" and "TSMC").
    static func joinNamesOfOneOrganisation(in found: inout MentionTable, scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var stems: [String: MentionTable.Key?] = [:]
        var acronyms: [String: MentionTable.Key?] = [:]
        for f in found.all where !f.removed && f.type == .org && (f.words == 1 || f.words >= 3) {
            if f.words == 1 {
                guard case .known = f.key, f.end - f.nameStart >= 2, (f.nameStart..<f.end).allSatisfy({ (65...90).contains(scalars[$0].value) }) else { continue }
                note(MentionTable.text(scalars, f.nameStart, f.end), f.key, in: &acronyms)
            } else if case .local(let folded) = f.key, let space = folded.utf8.lastIndex(of: UInt8(ascii: " ")),
                      NameCues.orgSuffixes.contains(String(Substring(folded.utf8[folded.utf8.index(after: space)...]))) {
                note(String(Substring(folded.utf8[..<space])), f.key, in: &stems)
            }
        }
        guard !stems.isEmpty || !acronyms.isEmpty else { return }
        for k in found.all.indices where !found.all[k].removed && found.all[k].words >= 2 {
            let f = found.all[k]
            guard case .local(let name) = f.key else { continue }
            if let hit = stems[name], let key = hit, key != f.key {
                found.reassign(k, to: key, type: .org)
            } else if f.type == .org, !acronyms.isEmpty, let hit = acronyms[NameParts(scalars[f.nameStart..<f.end], withFirstWord: false).initials], let key = hit {
                found.reassign(k, to: key, type: .org)
            }
        }
    }
}
