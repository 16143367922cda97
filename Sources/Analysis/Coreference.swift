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
    /// Two- or three-word names read as MISC for want of a cue ("Tomasz Wójcik" at the start of a
    /// sentence): a surname that speaks later makes them a person.
    private var miscLastWords: [String: MentionTable.Key?] = [:]

    /// The last word (folded) and the capitals' initials of a name.
    struct NameParts: Sendable {
        var lastWord: String
        var initials: String

        init(_ name: some Sequence<Unicode.Scalar>) {
            var last = String.UnicodeScalarView()
            var initials = String.UnicodeScalarView()
            var atWordStart = true
            for c in name {
                if c == " " { atWordStart = true; continue }
                if atWordStart {
                    last = String.UnicodeScalarView()
                    if c.properties.isUppercase { initials.append(c) }
                }
                last.append(c)
                atWordStart = false
            }
            lastWord = TextFolding.fold(String(last))
            self.initials = String(initials)
        }
    }

    /// `known`: the parts of each knowledge-base entity's name, computed once per knowledge base.
    init(found: MentionTable, known: [NameParts], scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        for f in found.all where !f.removed && f.words >= 2 {
            let parts: NameParts
            if case .known(let i) = f.key { parts = known[i] } else { parts = NameParts(scalars[f.nameStart..<f.end]) }
            switch f.type {
            case .person:
                Self.note(parts.lastWord, f.key, in: &surnames)
            case .org, .loc:
                if f.type == .org { Self.note(parts.lastWord, f.key, in: &orgLastWords) }
                if parts.initials.unicodeScalars.count >= 2 { Self.note(parts.initials, f.key, in: &acronyms) }
            case .misc:
                if f.words <= 3, case .local = f.key { Self.note(parts.lastWord, f.key, in: &miscLastWords) }
            }
        }
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
        for c in singles {
            let word = tokens[c.first].folded
            let personLike = c.type == nil || c.type == .person || c.strength == .weak
            if personLike, let hit = surnames[word] ?? miscLastWords[word], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .person)
            } else if c.type == nil || c.strength == .weak, let hit = orgLastWords[word], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .org)
            } else if tokens[c.first].shape.contains(.allCaps), let hit = acronyms[tokens[c.first].text], let key = hit {
                found.add(candidate: c, tokens: tokens, scalars: scalars, as: key, type: .org)
            } else if c.type != nil {
                found.add(candidate: c, tokens: tokens, scalars: scalars)
            }
        }
    }
}
