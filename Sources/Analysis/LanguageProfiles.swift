/// Character 1-, 2- and 3-gram log-probabilities per Latin-script language,
/// parsed once from `LanguageProfileData.swift` (generated from langdetect's
/// profiles by scripts/build-language-profiles.py).
struct LanguageProfiles: Sendable {
    let languages: [String]
    /// Row `index[gram] * languages.count + l`: log P(gram | language l).
    let rows: [Float]
    let index: [UInt64: Int32]

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
        var index: [UInt64: Int32] = [:]
        var rows: [Float] = []
        let allGrams = Set(perLanguage.flatMap(\.keys)).sorted()
        for g in allGrams {
            index[g] = Int32(index.count)
            for (l, grams) in perLanguage.enumerated() { rows.append(grams[g] ?? floors[l]) }
        }
        self.languages = languages
        self.rows = rows
        self.index = index
    }

    /// Up to three scalars packed 21 bits each; no scalar is U+0000, so lengths cannot collide.
    static func key(_ s: [Unicode.Scalar]) -> UInt64 {
        var k: UInt64 = 0
        for c in s { k = (k << 21) | UInt64(c.value) }
        return k
    }
}
