/// "Parliament", "Senate", "Congress", "Democrats", "Conservatives": the gazetteer gives each word alone
/// to one country's body (the UK Parliament, the US Senate, the US Democratic Party), which is what it
/// means only where the article names no other country's. Where it does ("Australia's Parliament",
/// "Germany's parliament", "the Philippine Senate", "Canada's Conservatives", "South Korea's
/// Democrats"), the word alone names that country's body, which the gazetteer does not hold: it names
/// nothing — from there until the article names the body's own country or its seat ("In London,
/// Parliament voted", "In Washington, the Senate"), and before it back to the article's start or to such
/// a naming (a headline's "Parliament" before "Australia's Parliament"); a bare word nearer a naming of the
/// body's own country is that country's (trial6 finding 19). Where the article names another known body by a longer name that starts with the word
/// ("Rahul Gandhi's Congress party" → Indian National Congress), the word alone is that one ("Merz's
/// Christian Democrats" does not make "Democrats" the CDU).
struct CountryBodies: Sendable {
    /// Per entity read from one of `words`: its country (an entity index), from a name of it that starts
    /// with a place ("US Senate", "UK Conservative Party").
    private let home: [Int: Int]
    /// Cities that name a country's seat of government, by entity: London the United Kingdom's, a WASHINGTON
    /// dateline (Washington, D.C.) the United States' ("Washington" in running text is the United States).
    private let seatOf: [Int: Int]
    private static let seats: [String: String] = ["London": "United Kingdom", "Washington, D.C.": "United States"]

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
        var seatOf: [Int: Int] = [:]
        for (city, country) in Self.seats {
            if let c = entities.firstIndex(where: { $0.name == city && $0.type == .loc }),
               let k = entities.firstIndex(where: { $0.name == country && $0.type == .loc }) { seatOf[c] = k }
        }
        self.seatOf = seatOf
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
        // One reading of the article per body and word, however often the article names it (a long text named it
        // thousands of times, and each asked the whole article again: trial5 finding 23).
        var decided: [String: (other: Int?, cues: [(at: Int, foreign: Bool)])] = [:]
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
                decided[key] = others.count == 1 ? (others.first, [])
                    : (nil, countryCues(word, body: body, found: found, tokens: tokens, placeEndingAt: placeEndingAt))
            }
            let answer = decided[key]!
            if let other = answer.other {
                found.reassign(k, to: .known(other), type: .org)
            } else if Self.isForeign(at: found.all[k].nameStart, answer.cues) {
                found.drop(k)
            }
        }
    }

    /// The country cue that explains a bare word at scalar offset `at`: the last one at or before it, or, before
    /// any, the first after it (a headline's "Parliament" before "Australia's Parliament" in the text).
    private static func isForeign(at: Int, _ cues: [(at: Int, foreign: Bool)]) -> Bool {
        var lo = 0, hi = cues.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cues[mid].at <= at { lo = mid + 1 } else { hi = mid }
        }
        if lo > 0 { return cues[lo - 1].foreign }
        return cues.first?.foreign ?? false
    }

    /// Where the article names another country's body by the word (foreign) or the body's own country or its
    /// seat, in text order.
    private func countryCues(_ word: String, body: Int, found: MentionTable, tokens: [Token],
                             placeEndingAt: [Int: (entity: Int, alias: Bool)]) -> [(at: Int, foreign: Bool)] {
        var cues: [(at: Int, foreign: Bool)] = []
        if let own = home[body] {
            for f in found.all where !f.removed && f.type == .loc {
                if case .known(let e) = f.key, e == own || seatOf[e] == own { cues.append((f.start, false)) }
            }
        }
        for k in tokens.indices where k >= 1 && tokens[k].folded == word {
            if let place = namingPlace(k, tokens: tokens, placeEndingAt: placeEndingAt), place.entity != home[body] {
                cues.append((tokens[k].start, true))
            }
        }
        return cues.sorted { $0.at < $1.at }
    }

    /// The place whose possessive ("Australia's Parliament") or adjective ("the Philippine Senate") stands
    /// before token k, in any case.
    private func namingPlace(_ k: Int, tokens: [Token], placeEndingAt: [Int: (entity: Int, alias: Bool)]) -> (entity: Int, alias: Bool)? {
        if k >= 2, NameClassifier.isPossessive(k - 2, tokens) { return placeEndingAt[tokens[k - 2].end] }
        return placeEndingAt[tokens[k - 1].end].flatMap { $0.alias ? $0 : nil }
    }
}
