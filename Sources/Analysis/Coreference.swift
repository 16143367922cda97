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

    init(found: MentionTable, entities: [EntityDefinition], scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        for f in found.all where !f.removed && f.words >= 2 {
            let name: String
            if case .known(let i) = f.key { name = entities[i].name } else { name = MentionTable.text(scalars, f.nameStart, f.end) }
            let words = name.split(separator: " ")
            switch f.type {
            case .person:
                if let last = words.last { Self.note(TextFolding.fold(String(last)), f.key, in: &surnames) }
            case .org, .loc:
                if f.type == .org, let last = words.last { Self.note(TextFolding.fold(String(last)), f.key, in: &orgLastWords) }
                let initials = String(words.compactMap { w in w.first.flatMap { $0.isUppercase ? $0 : nil } })
                if initials.count >= 2 { Self.note(initials, f.key, in: &acronyms) }
            case .misc:
                break
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
            if personLike, let hit = surnames[word], let key = hit {
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
