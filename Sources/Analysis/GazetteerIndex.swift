/// The names of the knowledge base indexed by their first folded word, for a
/// longest-match scan over tokens. Built once per knowledge base.
///
/// Case rules, so that "us" is not the United States and "apple pie" not
/// Apple: an alias word written as an acronym ("US", "NATO") or starting in
/// lower case with a capital inside ("xAI") must appear exactly so; the first
/// word of an alias written with a capital must be capitalised in the text
/// (or be in a script without case); an alias written in lower case
/// ("américains") matches in lower case; the rest match case-insensitively
/// ("US navy").
///
/// Inflection: a Russian word matches its case forms ("Россия" finds
/// "России", "Москва" finds "Москве"), and an Arabic word keeps its match
/// behind the conjunction "و" ("والولايات").
struct GazetteerIndex: Sendable {
    struct Pattern: Sendable {
        var words: [String]
        /// Per word: the exact spelling required, or nil for folded matching.
        var exact: [String?]
        /// The first word must be capitalised in the text.
        var capitalised: Bool
        /// Per word: it must touch the word before in the text (`SideBySide`: "深度求索" is not "深度，求索").
        var joined: [Bool]
        var entity: Int
    }

    /// Patterns by the hash of their first word (`WordTable` → index into `groups`).
    private let byFirstWord: WordTable
    private let groups: [[Pattern]]
    /// Patterns whose first word is Cyrillic, by its first four scalars.
    private let byCyrillicStem: [String: [Pattern]]

    init(_ entities: [EntityDefinition]) {
        var index: [String: [Pattern]] = [:]
        var cyrillic: [String: [Pattern]] = [:]
        // A dateline's capital is read from its country's name (`EntityRecognizer.datelineCities`), so its
        // names that another entity has ("Beijing", China's) are not its own in running text.
        var elsewhere = Set<[String]>()
        for e in entities where e.reading != .inDateline {
            for name in [e.name] + e.aliases { elsewhere.insert(Tokenizer.words(name).map(\.folded)) }
        }
        for (i, e) in entities.enumerated() {
            var seen = Set<[String]>()
            for name in [e.name] + e.aliases {
                let tokens = Tokenizer.words(name)
                let words = tokens.map(\.folded)
                guard let first = words.first else { continue }
                if e.reading == .inDateline, elsewhere.contains(words) { continue }
                let exact: [String?] = tokens.map { t in
                    let s = t.shape
                    let acronym = s.contains(.allCaps) && t.text.unicodeScalars.count <= 6
                    let camelLower = !s.contains(.capitalized) && s.contains(.innerCap)
                    return acronym || camelLower ? t.text : nil
                }
                let capitalised = tokens[0].shape.contains(.capitalized)
                // Two spellings that fold alike are two patterns when their case rules differ: "Nato", an alias of
                // NATO, was dropped as NATO's repeat, and NATO matched only in capitals (trial5 finding 8).
                guard seen.insert(words + exact.map { $0 ?? "" } + [capitalised ? "^" : ""]).inserted else { continue }
                let p = Pattern(words: words, exact: exact, capitalised: capitalised, joined: SideBySide.joinedToPrevious(tokens), entity: i)
                index[first, default: []].append(p)
                if Self.isCyrillic(first), first.unicodeScalars.count >= 5 {
                    cyrillic[String(String.UnicodeScalarView(first.unicodeScalars.prefix(4))), default: []].append(p)
                }
            }
        }
        for k in index.keys { index[k]!.sort { $0.words.count > $1.words.count } }
        for k in cyrillic.keys { cyrillic[k]!.sort { $0.words.count > $1.words.count } }
        let firstWords = index.keys.sorted()
        groups = firstWords.map { index[$0]! }
        byFirstWord = WordTable(firstWords.enumerated().map { (WordHash.of($0.element), Int32($0.offset)) })
        byCyrillicStem = cyrillic
    }

    /// The longest pattern that matches at token `i`, if any.
    func longestMatch(_ tokens: [Token], at i: Int) -> Pattern? {
        let first = tokens[i]
        if let g = byFirstWord[first.hash], groups[Int(g)][0].words[0] == first.folded,
           let p = longest(groups[Int(g)], tokens, at: i, firstWord: first.folded) { return p }
        guard !first.shape.contains(.ascii), let c = first.folded.unicodeScalars.first else { return nil }
        if Self.isCyrillic(first.folded) {
            let key = String(String.UnicodeScalarView(first.folded.unicodeScalars.prefix(4)))
            if let candidates = byCyrillicStem[key] { return longest(candidates, tokens, at: i, firstWord: nil) }
        } else if c == "و", first.folded.unicodeScalars.count > 3 {
            let rest = String(String.UnicodeScalarView(first.folded.unicodeScalars.dropFirst()))
            if let g = byFirstWord[WordHash.of(rest)], groups[Int(g)][0].words[0] == rest { return longest(groups[Int(g)], tokens, at: i, firstWord: rest) }
        }
        return nil
    }

    private func longest(_ candidates: [Pattern], _ tokens: [Token], at i: Int, firstWord: String?) -> Pattern? {
        let first = tokens[i]
        for p in candidates where i + p.words.count <= tokens.count {
            if let e = p.exact[0] {
                guard first.text == e else { continue }
            } else if p.capitalised, !first.shape.contains(.capitalized), !first.shape.contains(.uncased), !first.shape.contains(.numeric) {
                continue
            }
            if firstWord == nil, !Self.inflects(first.folded, p.words[0]) { continue }
            var ok = true
            var k = 1
            while k < p.words.count {
                let t = tokens[i + k]
                if let e = p.exact[k] {
                    if t.text != e { ok = false; break }
                } else if t.folded != p.words[k], !(Self.isCyrillic(t.folded) && Self.inflects(t.folded, p.words[k])) {
                    ok = false; break
                }
                // A name does not run across sentences, nor its characters across a mark.
                if t.sentence != first.sentence || p.joined[k] && !SideBySide.written(t, joinedTo: tokens[i + k - 1]) { ok = false; break }
                k += 1
            }
            // "GPT-4.5" is not "GPT-4": a name does not end inside a number.
            let next = i + p.words.count
            if ok, next < tokens.count, tokens[next - 1].shape.contains(.numeric), tokens[next].shape.contains(.numeric),
               tokens[next].start == tokens[next - 1].end + 1 { continue }
            if ok { return p }
        }
        return nil
    }

    /// A Russian case form of `word`: the same stem (the word less a final vowel or soft sign) and at most three letters more.
    static func inflects(_ token: String, _ word: String) -> Bool {
        if token == word { return true }
        var stem = Array(word.unicodeScalars)
        guard stem.count >= 4 else { return false }
        if let last = stem.last, "аяоеёиыуюьй".unicodeScalars.contains(last) { stem.removeLast() }
        let t = Array(token.unicodeScalars)
        return t.count >= stem.count && t.count <= stem.count + 3 && Array(t[0..<stem.count]) == stem
    }

    static func isCyrillic(_ s: String) -> Bool {
        guard let c = s.unicodeScalars.first else { return false }
        return c.value >= 0x0400 && c.value <= 0x04FF
    }
}
