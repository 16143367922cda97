/// Guesses the language of a text from its script and, for Latin-script
/// languages, from its most frequent function words.
public enum LanguageGuesser {
    private static let stopwords: [String: Set<String>] = [
        "en": ["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "as", "has", "said", "by", "are", "have"],
        "de": ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "sich", "auf", "ein", "eine", "dem", "des", "auch", "wird"],
        "fr": ["le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "dans", "pour", "pas", "sur", "qui", "au", "avec", "sont"],
        "es": ["el", "la", "los", "las", "y", "que", "en", "del", "se", "por", "una", "con", "para", "es", "al", "lo", "como", "su"],
        "it": ["il", "la", "di", "che", "e", "per", "una", "sono", "del", "della", "non", "con", "gli", "nel", "alla", "anche", "dei", "ha"],
        "pt": ["o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "nao", "dos", "pelo"],
        "nl": ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met", "voor", "ook", "aan", "er", "bij", "wordt"],
    ]

    public static func guess(_ tokens: [Token]) -> String? {
        var scripts: [String: Int] = [:]
        var counts: [String: Int] = [:]
        for t in tokens.prefix(400) {
            guard let c = t.text.unicodeScalars.first else { continue }
            switch c.value {
            case 0x0400...0x04FF: scripts["ru", default: 0] += 1
            case 0x0600...0x06FF: scripts["ar", default: 0] += 1
            case 0x3040...0x30FF: scripts["ja", default: 0] += 3
            case 0x4E00...0x9FFF: scripts["zh", default: 0] += 1
            case 0xAC00...0xD7AF: scripts["ko", default: 0] += 1
            default:
                for (lang, words) in stopwords where words.contains(t.folded) { counts[lang, default: 0] += 1 }
            }
        }
        // Japanese text mixes kana with Han characters; any kana at all means Japanese.
        if scripts["ja", default: 0] > 0, scripts["ja", default: 0] + scripts["zh", default: 0] > counts.values.max() ?? 0 { return "ja" }
        if let (lang, n) = scripts.max(by: { $0.value < $1.value }), n > (counts.values.max() ?? 0) { return lang }
        guard let (lang, n) = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), n >= 2 else { return nil }
        return lang
    }
}
