/// The names of the knowledge base indexed by their first folded word, for a
/// longest-match scan over tokens. Built once per knowledge base.
///
/// Case rules, so that "us" is not the United States and "apple pie" not
/// Apple: an alias word written as an acronym ("US", "NATO") or starting in
/// lower case with a capital inside ("xAI") must appear exactly so; the first
/// word of any other alias must be capitalised in the text (or be in a script
/// without case); the rest match case-insensitively ("US navy").
struct GazetteerIndex: Sendable {
    struct Pattern: Sendable {
        var words: [String]
        /// Per word: the exact spelling required, or nil for folded matching.
        var exact: [String?]
        var entity: Int
    }

    private let byFirstWord: [String: [Pattern]]

    init(_ entities: [EntityDefinition]) {
        var index: [String: [Pattern]] = [:]
        for (i, e) in entities.enumerated() {
            var seen = Set<[String]>()
            for name in [e.name] + e.aliases {
                let tokens = Array(name.unicodeScalars).withUnsafeBufferPointer { Tokenizer.words(in: $0) }
                let words = tokens.map(\.folded)
                guard let first = words.first, seen.insert(words).inserted else { continue }
                let exact: [String?] = tokens.map { t in
                    let s = t.shape
                    let acronym = s.contains(.allCaps) && t.text.unicodeScalars.count <= 6
                    let camelLower = !s.contains(.capitalized) && s.contains(.innerCap)
                    return acronym || camelLower ? t.text : nil
                }
                index[first, default: []].append(Pattern(words: words, exact: exact, entity: i))
            }
        }
        for k in index.keys { index[k]!.sort { $0.words.count > $1.words.count } }
        byFirstWord = index
    }

    /// The longest pattern that matches at token `i`, if any.
    func longestMatch(_ tokens: [Token], at i: Int) -> Pattern? {
        guard let candidates = byFirstWord[tokens[i].folded] else { return nil }
        let first = tokens[i]
        for p in candidates where i + p.words.count <= tokens.count {
            if let e = p.exact[0] {
                guard first.text == e else { continue }
            } else if !first.shape.contains(.capitalized) && !first.shape.contains(.uncased) && !first.shape.contains(.numeric) {
                continue
            }
            var ok = true
            var k = 1
            while k < p.words.count {
                let t = tokens[i + k]
                if let e = p.exact[k] { if t.text != e { ok = false; break } } else if t.folded != p.words[k] { ok = false; break }
                // A name does not run across sentences.
                if t.sentence != first.sentence { ok = false; break }
                k += 1
            }
            if ok { return p }
        }
        return nil
    }
}
