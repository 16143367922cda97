/// "Parliament", "Senate", "Congress", "Democrats", "Conservatives": the gazetteer gives each word alone
/// to one country's body (the UK Parliament, the US Senate, the US Democratic Party), which is what it
/// means only where the article names no other country's. Where it does ("Australia's Parliament",
/// "Germany's parliament", "the Philippine Senate", "Canada's Conservatives", "South Korea's
/// Democrats"), the word alone names that country's body, which the gazetteer does not hold: it names
/// nothing. Where the article names another known body by a longer name that starts with the word
/// ("Rahul Gandhi's Congress party" → Indian National Congress), the word alone is that one ("Merz's
/// Christian Democrats" does not make "Democrats" the CDU).
struct CountryBodies: Sendable {
    /// Per entity read from one of `words`: its country (an entity index), from a name of it that starts
    /// with a place ("US Senate", "UK Conservative Party").
    private let home: [Int: Int]

    static let words: Set<String> = ["parliament", "senate", "congress", "democrats", "republicans", "conservatives", "tories", "labour"]
    /// The words that name an institution, which a longer name ending with them is one of ("European Parliament");
    /// a party's plural is not ("Christian Democrats" does not make "Democrats" the CDU).
    static let institutions: Set<String> = ["parliament", "senate", "congress"]

    init(entities: [EntityDefinition], gazetteer: GazetteerIndex) {
        var home: [Int: Int] = [:]
        for (i, e) in entities.enumerated() where e.type == .org {
            let names = [e.name] + e.aliases
            guard names.contains(where: { Self.words.contains(TextFolding.fold($0)) }) else { continue }
            for name in names {
                let tokens = Tokenizer.words(name)
                if tokens.count >= 2, let p = gazetteer.longestMatch([tokens[0]], at: 0), entities[p.entity].type == .loc {
                    home[i] = p.entity
                    break
                }
            }
        }
        self.home = home
    }

    func resolve(in found: inout MentionTable, entities: [EntityDefinition], tokens: [Token],
                 scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        let bare = found.all.indices.filter { k in
            let f = found.all[k]
            guard !f.removed, f.words == 1, f.strength == .gazetteer, case .known = f.key,
                  let t = Coreference.tokenIndex(startingAt: f.nameStart, tokens) else { return false }
            return Self.words.contains(tokens[t].folded)
        }
        // Most articles name no such body by one word.
        guard !bare.isEmpty else { return }
        var placeEndingAt: [Int: (entity: Int, alias: Bool)] = [:]
        for f in found.all where !f.removed && f.type == .loc {
            if case .known(let e) = f.key {
                placeEndingAt[f.end] = (e, TextFolding.fold(MentionTable.text(scalars, f.nameStart, f.end)) != TextFolding.fold(entities[e].name))
            }
        }
        // One answer per body and word, however often the article names it (a long text named it thousands of
        // times, and each asked the whole article again: trial5 finding 23).
        var decided: [String: (other: Int?, anotherCountry: Bool)] = [:]
        for k in bare {
            guard case .known(let body) = found.all[k].key else { continue }
            let word = TextFolding.fold(MentionTable.text(scalars, found.all[k].nameStart, found.all[k].end))
            let key = "\(body) \(word)"
            if decided[key] == nil {
                let others = Set(found.all.compactMap { f -> Int? in
                    guard !f.removed, f.words >= 2, f.type == .org, case .known(let e) = f.key, e != body,
                          // "Congress party" starts with the word; "European Parliament", "Scottish Parliament" end with it
                          // (trial6 finding 19: "Parliament" after "the European Parliament" was the UK's).
                          case let name = TextFolding.fold(MentionTable.text(scalars, f.nameStart, f.end)),
                          name.hasPrefix(word + " ") || (Self.institutions.contains(word) && name.hasSuffix(" " + word)) else { return nil }
                    return e
                })
                decided[key] = others.count == 1 ? (others.first, false)
                    : (nil, isNamedForAnotherCountry(word, body: body, tokens: tokens, placeEndingAt: placeEndingAt))
            }
            let answer = decided[key]!
            if let other = answer.other {
                found.reassign(k, to: .known(other), type: .org)
            } else if answer.anotherCountry {
                found.drop(k)
            }
        }
    }

    /// The article writes the word after another country's possessive ("Australia's Parliament") or
    /// adjective ("the Philippine Senate"), in any case.
    private func isNamedForAnotherCountry(_ word: String, body: Int, tokens: [Token], placeEndingAt: [Int: (entity: Int, alias: Bool)]) -> Bool {
        tokens.indices.contains { k in
            guard k >= 1, tokens[k].folded == word else { return false }
            let place: (entity: Int, alias: Bool)?
            if k >= 2, NameClassifier.isPossessive(k - 2, tokens) {
                place = placeEndingAt[tokens[k - 2].end]
            } else {
                place = placeEndingAt[tokens[k - 1].end].flatMap { $0.alias ? $0 : nil }
            }
            guard let place else { return false }
            return place.entity != home[body]
        }
    }
}
