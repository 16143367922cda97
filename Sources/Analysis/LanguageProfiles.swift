import Foundation

/// Character 1-, 2- and 3-gram log-probabilities per Latin-script language,
/// parsed once from `LanguageProfileData.swift` (generated from langdetect's
/// profiles by scripts/build-language-profiles.py).
struct LanguageProfiles: Sendable {
    let languages: [String]
    /// Row `index[gram]`: 32 floats, the l-th is log P(gram | language l) (at most 32 languages).
    let rows: [Float]
    static let stride = 32
    let index: WordTable
    /// Per language, the log of its share of what is published (`shares`): the guess's prior.
    let prior: [Float]

    /// Approximate shares of web content by language, in percent (W3Techs' survey of content languages, 2024,
    /// rounded; a language it lists under 0.1% at 0.02). What news a feed brings is not the web, but the order
    /// of magnitude is what a prior needs: English is written hundreds of times as much as Estonian or Tagalog.
    static let shares: [String: Float] = [
        "en": 49, "es": 6, "de": 5.6, "fr": 4.4, "pt": 3.7, "it": 2.6, "tr": 1.8, "nl": 1.8, "pl": 1.7, "vi": 1.0, "id": 0.9,
        "cs": 0.9, "sv": 0.6, "hu": 0.5, "ro": 0.5, "da": 0.4, "fi": 0.3, "sk": 0.3, "no": 0.3, "hr": 0.2, "lt": 0.2,
        "sl": 0.2, "ca": 0.2, "et": 0.1, "lv": 0.1, "sq": 0.05, "tl": 0.02, "sw": 0.02, "so": 0.02, "af": 0.02, "cy": 0.02,
    ]

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
        prior = languages.map { log(Self.shares[$0] ?? 0.02) }
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
