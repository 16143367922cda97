import WirewatchCore

/// The analysis of one article: every field derived from its text alone.
public struct ArticleAnalysis: Sendable {
    /// Title, a blank line, then the body: the text offsets refer to.
    public var text: String
    /// Scalar offset where the title ends; the body starts at `bodyStart`.
    public var titleEnd: Int
    public var bodyStart: Int
    public var tokens: [Token]
    public var sentences: [Sentence]
    public var language: String?
    public var entities: [EntityHit]
    public var topics: [TopicHit]
    public var fingerprint: UInt64
    public var repairedMojibake: Bool
    /// The fingerprint of the body alone, when the body is long enough to have one
    /// (`StoryFingerprint.fingerprints`): the story registry's second look, for a report re-headlined.
    public var bodyFingerprint: UInt64? = nil

    /// The story fingerprint as 16 hex digits.
    public var story: String { StableHash.hex64(fingerprint) }
    /// The body fingerprint as 16 hex digits.
    public var bodyStory: String? { bodyFingerprint.map(StableHash.hex64) }
}

/// Runs the whole analysis: pure, deterministic, thread-safe.
public struct Analyzer: Sendable {
    public let knowledge: KnowledgeBase
    private let recognizer: EntityRecognizer
    private let scorer: TopicScorer

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        recognizer = EntityRecognizer(knowledge)
        scorer = TopicScorer(knowledge)
    }

    public func analyze(_ article: Article) -> ArticleAnalysis {
        analyze(title: article.title, html: article.bodyHTML, languageHint: article.languageHint)
    }

    public func analyze(title rawTitle: String, html: String, languageHint: String? = nil) -> ArticleAnalysis {
        let title = CleanText.from(html: rawTitle)
        let body = CleanText.from(html: html)
        return analyze(cleanTitle: title.text, cleanBody: body.text, repairedMojibake: title.repairedMojibake || body.repairedMojibake,
                       languageHint: languageHint)
    }

    /// Analyses plain text; `source` maps the analysis's offsets back to `text`'s own. `titled`: a first
    /// line (of at most 200 characters) followed by a blank line is the title, as `analyze --batch` reads "Title\n\nBody".
    public func analyze(plainText text: String, languageHint: String? = nil, titled: Bool = false) -> (analysis: ArticleAnalysis, source: MappedText) {
        let mapped = CleanText.mapped(plain: text)
        // Split at the blank line, the analysis's text is the same string: its offsets stay mapped.
        if titled, let gap = mapped.text.range(of: "\n\n"), !mapped.text[..<gap.lowerBound].contains("\n"),
           mapped.text[..<gap.lowerBound].count <= 200, !mapped.text[..<gap.lowerBound].allSatisfy(\.isWhitespace) {
            let title = String(mapped.text[..<gap.lowerBound]), body = String(mapped.text[gap.upperBound...])
            return (analyze(cleanTitle: title, cleanBody: body, repairedMojibake: mapped.repairedMojibake, languageHint: languageHint), mapped)
        }
        return (analyze(cleanTitle: "", cleanBody: mapped.text, repairedMojibake: mapped.repairedMojibake, languageHint: languageHint), mapped)
    }

    private func analyze(cleanTitle: String, cleanBody: String, repairedMojibake: Bool, languageHint: String?) -> ArticleAnalysis {
        let titleEnd = cleanTitle.unicodeScalars.count
        let text = cleanTitle.isEmpty ? cleanBody : cleanTitle + "\n\n" + cleanBody
        let bodyStart = cleanTitle.isEmpty ? 0 : titleEnd + 2
        let (tokens, sentences) = Tokenizer.tokenize(text)
        let scalars = [Unicode.Scalar](scalarsOf: text)
        let language = LanguageGuesser.guess(tokens, hint: languageHint.map { String($0.prefix(2)).lowercased() })
        let entities = recognizer.recognize(tokens: tokens, sentences: sentences, scalars: scalars, language: language, titleEnd: titleEnd)
        let skipped = StoryWording.skipped(tokens: tokens, scalars: scalars, entities: entities)
        let fingerprints = StoryFingerprint.fingerprints(tokens, bodyStart: bodyStart, skipped: skipped)
        let people = entities.filter { $0.type == .person }.flatMap { $0.mentions.map { $0.start..<$0.end } }
        return ArticleAnalysis(
            text: text, titleEnd: titleEnd, bodyStart: bodyStart, tokens: tokens, sentences: sentences,
            language: language,
            entities: entities,
            topics: scorer.score(tokens, titleEnd: titleEnd, people: people),
            fingerprint: fingerprints.full,
            repairedMojibake: repairedMojibake,
            bodyFingerprint: fingerprints.body)
    }
}
