/// Character 1-, 2- and 3-gram log-probabilities per Latin-script language,
/// parsed once from `LanguageProfileData.swift` (generated from langdetect's
/// profiles by scripts/build-language-profiles.py).
struct LanguageProfiles: Sendable {
    let languages: [String]
    /// Row `index[gram]`: 32 floats, the l-th is log P(gram | language l) (at most 32 languages).
    let rows: [Float]
    static let stride = 32
    let index: WordTable

    static let shared = LanguageProfiles(data)

    init(_ data: String) {
        var languages: [String] = []
        var perLanguage: [[UInt64: Float]] = []
        for line in data.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard let code = fields.first else { continue }
            languages.append(String(code))
            var grams: [UInt64: Float] = [:]
            for f in fields.dropFirst() {
                let parts = f.split(separator: "|", omittingEmptySubsequences: false)
                guard parts.count == 2, let logp = Float(parts[1]) else { continue }
                grams[Self.key(Array(parts[0].unicodeScalars))] = logp
            }
            perLanguage.append(grams)
        }
        // A gram a language's profile lacks is rarer there than anything it kept.
        let floors = perLanguage.map { ($0.values.min() ?? -12) - 1.5 }
        precondition(languages.count <= 32)
        var pairs: [(UInt64, Int32)] = []
        var rows: [Float] = []
        // Bigrams and trigrams only: the guesser does not look at single letters.
        let allGrams = Set(perLanguage.flatMap(\.keys)).filter { $0 >= 1 << 21 }.sorted()
        for g in allGrams {
            pairs.append((g, Int32(rows.count / Self.stride)))
            var row = [Float](repeating: -1e6, count: Self.stride)
            for (l, grams) in perLanguage.enumerated() { row[l] = grams[g] ?? floors[l] }
            rows += row
        }
        self.languages = languages
        self.rows = rows
        self.index = WordTable(pairs)
    }

    /// Up to three scalars packed 21 bits each; no scalar is U+0000, so lengths cannot collide.
    static func key(_ s: [Unicode.Scalar]) -> UInt64 {
        var k: UInt64 = 0
        for c in s { k = (k << 21) | UInt64(c.value) }
        return k
    }
}
