import Foundation

/// The taxonomy's terms compiled for lookup by `TopicScorer`: every word or
/// phrase a term is made of (its own words, each side of a near term, each
/// phrase that cancels it) is a pattern, found by the hash of its first
/// word's stem or, for a one-word prefix, by the prefix's first scalars.
struct TopicPatterns: Sendable {
    /// What a pattern found means for its term.
    enum Role: Sendable, Equatable {
        /// The term itself.
        case whole
        /// One of a near term's two sides (0 or 1).
        case side(Int)
        /// A phrase that cancels the term where it covers the term's words.
        case cancel
        /// One of the two sides (0 or 1) of a near phrase that cancels the term (`nearCancels[group]`).
        case cancelSide(Int, group: Int)

        var cancels: Bool {
            switch self {
            case .cancel, .cancelSide: true
            case .whole, .side: false
            }
        }
    }

    struct Pattern: Sendable {
        /// Stem hashes of the words; for a starred last word, its folded prefix is in `prefix`.
        var stems: [UInt64]
        var prefix: String?
        /// Per word: the exact spelling required (capitalised acronyms), or nil.
        var exact: [String?]
        /// Per word: written with a capital, so found only where the text has one ("Fed", not "fed up";
        /// "Nature", not "nature"). Empty when no word is, and for the phrases that cancel a term: those
        /// cancel whatever the case.
        var capital: [Bool]
        /// Written in ideographs or kana: its characters, each a token, must touch ("出口管制").
        var adjacent: Bool
        var term: Int
        var role: Role
        var length: Int { stems.count + (prefix == nil ? 0 : 1) }
    }

    struct Term: Sendable {
        var topic: Int
        var weight: Double
        var text: String
        /// Words allowed between a near term's sides; nil for a plain term.
        var within: Int?
        /// Written without capitals: a common word ("jobs", "union*"), which inside a name
        /// ("Steve Jobs", "European Union") is part of the name, not the topic's evidence.
        var commonWord: Bool
    }

    var terms: [Term] = []
    var patterns: [Pattern] = []
    /// Stem hash of the first word → group of pattern indices.
    var byFirstStem = WordTable([])
    /// Single-word prefix patterns by the first two or three scalars of the prefix → group.
    var byPrefixKey = WordTable([])
    var groups: [[Int]] = []
    /// Whether any term has a phrase that cancels it.
    var hasCancelling = false
    /// The near phrases that cancel a term: the term, and the words allowed between the two sides.
    var nearCancels: [(term: Int, within: Int)] = []

    init(_ topics: [TopicDefinition]) {
        var exact: [UInt64: [Int]] = [:]
        var prefix: [UInt64: [Int]] = [:]
        var patterns: [Pattern] = []
        func add(_ text: String, term: Int, role: Role) {
            let star = text.hasSuffix("*")
            let body = star ? String(text.dropLast()) : text
            let tokens = Tokenizer.words(body)
            guard !tokens.isEmpty else { return }
            let caps: [String?] = tokens.map { $0.shape.contains(.allCaps) ? $0.text : nil }
            var capital = tokens.map { $0.shape.contains(.capitalized) && !$0.shape.contains(.allCaps) }
            if !capital.contains(true) || role.cancels { capital = [] }
            let stems = tokens.map(Stemmer.stemHash)
            let adjacent = tokens.count > 1 && tokens.allSatisfy { $0.text.unicodeScalars.first.map(Tokenizer.isIdeograph) ?? false }
            let p = Pattern(stems: star ? Array(stems.dropLast()) : stems, prefix: star ? tokens.last!.folded : nil,
                            exact: caps, capital: capital, adjacent: adjacent, term: term, role: role)
            if star && tokens.count == 1 {
                guard let k = TopicScorer.prefixKey(tokens[0].folded.unicodeScalars) else { return }
                prefix[k, default: []].append(patterns.count)
            } else {
                exact[stems[0], default: []].append(patterns.count)
            }
            patterns.append(p)
        }
        for (ti, t) in topics.enumerated() {
            // Two spellings of one stem ("export control", "export controls") are one term.
            var seen = Set<[String]>()
            for term in t.terms {
                let key = term.near.isEmpty ? Self.key(term.text) : term.near.flatMap { $0.flatMap(Self.key) + ["~"] }
                guard seen.insert(key).inserted else { continue }
                let common = (term.near.isEmpty ? [term.text] : term.near.flatMap { $0 }).allSatisfy { !$0.unicodeScalars.contains { $0.properties.isUppercase } }
                let index = terms.count
                terms.append(Term(topic: ti, weight: term.weight, text: term.text, within: term.near.isEmpty ? nil : term.within, commonWord: common))
                if term.near.isEmpty {
                    add(term.text, term: index, role: .whole)
                } else {
                    for (side, words) in term.near.prefix(2).enumerated() { for w in words { add(w, term: index, role: .side(side)) } }
                }
                for u in term.unless { add(u, term: index, role: .cancel); hasCancelling = true }
                for near in term.unlessNear {
                    for (side, words) in near.sides.prefix(2).enumerated() {
                        for w in words { add(w, term: index, role: .cancelSide(side, group: nearCancels.count)) }
                    }
                    nearCancels.append((index, near.within))
                    hasCancelling = true
                }
            }
        }
        var groups: [[Int]] = []
        var exactPairs: [(UInt64, Int32)] = []
        for (k, g) in exact.sorted(by: { $0.key < $1.key }) { exactPairs.append((k, Int32(groups.count))); groups.append(g) }
        var prefixPairs: [(UInt64, Int32)] = []
        for (k, g) in prefix.sorted(by: { $0.key < $1.key }) { prefixPairs.append((k, Int32(groups.count))); groups.append(g) }
        self.patterns = patterns
        self.groups = groups
        byFirstStem = WordTable(exactPairs)
        byPrefixKey = WordTable(prefixPairs)
    }

    /// What makes two spellings one term: the stems of its words, its prefix, its capitals.
    static func key(_ text: String) -> [String] {
        let star = text.hasSuffix("*")
        let tokens = Tokenizer.words(star ? String(text.dropLast()) : text)
        guard let last = tokens.last else { return [] }
        return tokens.map { String(Stemmer.stemHash($0)) } + [star ? "*" + last.folded : ""]
            + tokens.map { $0.shape.contains(.allCaps) ? $0.text : $0.shape.contains(.capitalized) ? "^" : "" }
    }

    /// Every pattern found at token `i`, with its length in tokens.
    func found(at i: Int, _ tokens: [Token], _ stems: [UInt64], into out: inout [(at: Int, pattern: Int, length: Int)]) {
        if let g = byFirstStem[stems[i]] {
            for pi in groups[Int(g)] where matches(patterns[pi], tokens, stems, at: i) { out.append((i, pi, patterns[pi].length)) }
        }
        let f = tokens[i].folded.unicodeScalars
        var it = f.makeIterator()
        guard let c0 = it.next(), let c1 = it.next() else { return }
        let k2 = UInt64(c0.value) << 21 | UInt64(c1.value)
        if let g = byPrefixKey[k2] { prefixes(groups[Int(g)], tokens, at: i, into: &out) }
        if let c2 = it.next(), let g = byPrefixKey[k2 << 21 | UInt64(c2.value)] { prefixes(groups[Int(g)], tokens, at: i, into: &out) }
    }

    private func prefixes(_ group: [Int], _ tokens: [Token], at i: Int, into out: inout [(at: Int, pattern: Int, length: Int)]) {
        for pi in group {
            let p = patterns[pi]
            guard tokens[i].folded.hasPrefix(p.prefix!) else { continue }
            if let e = p.exact[0], !tokens[i].text.hasPrefix(e) { continue }
            if p.capital.first == true, !tokens[i].shape.contains(.capitalized) { continue }
            out.append((i, pi, 1))
        }
    }

    private func matches(_ p: Pattern, _ tokens: [Token], _ stems: [UInt64], at i: Int) -> Bool {
        let n = p.length
        guard i + n <= tokens.count else { return false }
        for k in 0..<p.stems.count where stems[i + k] != p.stems[k] { return false }
        if let prefix = p.prefix, !tokens[i + n - 1].folded.hasPrefix(prefix) { return false }
        for k in 0..<n { if let e = p.exact[k], tokens[i + k].text != e { return false } }
        for k in p.capital.indices where p.capital[k] && !tokens[i + k].shape.contains(.capitalized) { return false }
        if p.adjacent { for k in 1..<n where tokens[i + k].start != tokens[i + k - 1].end { return false } }
        // A phrase stays in its sentence: "its export. Controls on spending" is no "export controls".
        if n > 1, tokens[i + n - 1].sentence != tokens[i].sentence { return false }
        return true
    }
}
