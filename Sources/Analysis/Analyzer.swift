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

    /// The story fingerprint as 16 hex digits.
    public var story: String { StableHash.hex64(fingerprint) }
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
        let body = article.contentHTML.isEmpty ? article.summary : article.contentHTML
        return analyze(title: article.title, html: body, languageHint: article.languageHint)
    }

    public func analyze(title rawTitle: String, html: String, languageHint: String? = nil) -> ArticleAnalysis {
        let title = CleanText.from(html: rawTitle)
        let body = CleanText.from(html: html)
        let titleEnd = title.text.unicodeScalars.count
        let text = title.text.isEmpty ? body.text : title.text + "\n\n" + body.text
        let bodyStart = title.text.isEmpty ? 0 : titleEnd + 2
        let (tokens, sentences) = Tokenizer.tokenize(text)
        return ArticleAnalysis(
            text: text, titleEnd: titleEnd, bodyStart: bodyStart, tokens: tokens, sentences: sentences,
            language: LanguageGuesser.guess(tokens) ?? languageHint.map { String($0.prefix(2)).lowercased() },
            entities: recognizer.recognize(tokens),
            topics: scorer.score(tokens, titleEnd: titleEnd),
            fingerprint: StoryFingerprint.simhash(tokens),
            repairedMojibake: title.repairedMojibake || body.repairedMojibake)
    }
}
