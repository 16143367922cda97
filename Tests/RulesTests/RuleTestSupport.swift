import Analysis
import Rules
import WirewatchCore

/// A knowledge base and helpers shared by the rules tests.
enum RuleTestSupport {
    static let knowledge = KnowledgeBase(
        entities: [EntityDefinition(name: "DeepSeek", type: .org, aliases: ["DeepSeek AI"]),
                   EntityDefinition(name: "United States", type: .loc, aliases: ["US", "U.S.", "Washington"]),
                   EntityDefinition(name: "China", type: .loc, aliases: ["Beijing"]),
                   // Capitals that are also their countries' aliases, as the shipped gazetteer has them.
                   EntityDefinition(name: "Beijing", type: .loc, reading: .inDateline),
                   EntityDefinition(name: "Washington, D.C.", type: .loc, aliases: ["Washington"], reading: .inDateline),
                   EntityDefinition(name: "OpenAI", type: .org),
                   EntityDefinition(name: "Microsoft", type: .org),
                   EntityDefinition(name: "David Sacks", type: .person)],
        topics: [TopicDefinition(id: "model-distillation", terms: [.init("knowledge distillation", weight: 2), .init("distil*")]),
                 TopicDefinition(id: "export-controls", terms: [.init("export control*"), .init("chip curbs")])])

    /// A rule file holding one rule per query, ids r0, r1, ….
    static func book(_ queries: [String]) throws -> RuleBook {
        var yaml = "rules:\n"
        for (i, q) in queries.enumerated() {
            yaml += "  - id: r\(i)\n    query: '\(q.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        return try RuleBook.compile([RuleFile(path: "t.yaml", text: yaml)], base: knowledge, sinks: []).get()
    }

    static func input(_ book: RuleBook, title: String = "", text: String, authors: [String] = [], categories: [String] = [],
                      language: String? = nil) -> MatchInput {
        let analysis = Analyzer(knowledge: book.knowledge).analyze(title: title, html: text, languageHint: language)
        let article = Article(key: "k", feed: FeedID("f"), url: "https://news.test/a", title: title, authors: authors, categories: categories)
        return MatchInput(analysis: analysis, article: article)
    }
}
