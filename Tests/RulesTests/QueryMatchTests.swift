import Analysis
import Rules
import Testing
import WirewatchCore

/// (query, article text, expected match) rows over one small knowledge base.
@Suite struct QueryMatchTests {
    static let knowledge = KnowledgeBase(
        entities: [EntityDefinition(name: "DeepSeek", type: .org, aliases: ["DeepSeek AI"]),
                   EntityDefinition(name: "United States", type: .loc, aliases: ["US", "U.S."])],
        topics: [TopicDefinition(id: "model-distillation", terms: [.init("knowledge distillation", weight: 2), .init("distil*")])])

    static func fires(_ query: String, title: String = "", text: String) throws -> [AlertRecord.Evidence]? {
        let yaml = "rules:\n  - id: r\n    query: '\(query.replacingOccurrences(of: "'", with: "''"))'\n"
        let book = try RuleBook.compile([RuleFile(path: "t.yaml", text: yaml)], base: knowledge, sinks: []).get()
        let analysis = Analyzer(knowledge: book.knowledge).analyze(title: title, html: text)
        let article = Article(key: "k", feed: FeedID("f"), url: "https://news.test/a", title: title)
        return book.match(MatchInput(analysis: analysis, article: article)).first?.evidence
    }

    @Test(arguments: [
        ("DeepSeek", "DeepSeek released a model.", true),
        ("deepseek", "DEEPSEEK released a model.", true),
        ("US", "The bus was late.", false),
        ("US", "The US said no.", true),
        ("\"export controls\"", "New Export Controls were announced.", true),
        ("\"export controls\"", "controls on export were announced.", false),
        ("distil*", "They distilled the model.", true),
        ("dist* AND model", "distance model", true),
        ("DeepSeek AND distil*", "DeepSeek released a model.", false),
        ("DeepSeek OR OpenAI", "OpenAI released a model.", true),
        ("DeepSeek -weather", "DeepSeek weather report.", false),
        ("DeepSeek NOT weather", "DeepSeek model report.", true),
        ("DeepSeek model", "DeepSeek released a model.", true),
        ("(DeepSeek OR OpenAI) AND (chips OR model)", "OpenAI chips", true),
        ("entity:DeepSeek", "Reports on DeepSeek AI grew.", true),
        ("entity:\"United States\"", "The U.S. Navy agreed.", true),
        ("entity:LOC", "The U.S. Navy agreed.", true),
        // "U.S. Navy" is an organisation the analysis reads from context (its last word), and it mentions the US.
        ("entity:ORG", "The U.S. Navy agreed.", true),
        ("topic:model-distillation", "knowledge distillation again", true),
        ("topic:model-distillation>0.9", "distilled once", false),
        ("case:\"US\"", "the us", false),
        ("case:\"US\"", "the US", true),
        ("\"trained on * outputs\"", "x", false),
        ("Zürich", "Zurich is calm.", true),
        ("url:news", "anything", true),
        ("source:f", "anything", true),
    ])
    func row(_ query: String, _ text: String, _ expected: Bool) throws {
        if query.contains("trained on *") {
            // A lone '*' inside a phrase is not a wildcard the skeleton supports: it must be reported, not ignored.
            #expect(throws: (any Error).self) { _ = try Self.fires(query, text: text) }
            return
        }
        #expect((try Self.fires(query, text: text) != nil) == expected, "\(query) on \(text)")
    }

    @Test func evidenceGivesSpanAndSnippet() throws {
        let e = try #require(try Self.fires("distil*", title: "Title here", text: "They say it was distilled from others."))
        #expect(e.count == 1)
        #expect(e[0].field == "text")
        #expect(e[0].match == "distilled")
        #expect(e[0].span == [16, 25])
        #expect(e[0].snippet == "They say it was distilled from others.")
    }
}
