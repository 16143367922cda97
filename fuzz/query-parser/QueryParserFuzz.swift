import Analysis
import Foundation
import FuzzDriver
@testable import Rules
import WirewatchCore

/// The first line is a query, the rest an article. The query parser must
/// return a query or errors whose columns lie inside the query; a query that
/// parses is matched against the article, and the term index's shortcut must
/// agree with evaluating the rule outright.
@main enum QueryParserFuzz {
    static let knowledge: KnowledgeBase = {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config").path
        do { return try KnowledgeBase.load(dataDirectory: data) } catch { fatalError("cannot load \(data): \(error)") }
    }()
    static let analyzer = Analyzer(knowledge: knowledge)

    static func main() {
        _ = analyzer
        FuzzDriver.run { bytes in
            let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
            let query = String(decoding: bytes[..<newline], as: UTF8.self)
            let text = newline < bytes.endIndex ? String(decoding: bytes[(newline + 1)...], as: UTF8.self) : ""
            let (parsed, errors, warnings) = QueryParser.parse(query, knowledge: knowledge)
            let width = query.unicodeScalars.count
            for e in errors + warnings where e.column < 1 || e.column > width + 1 {
                fatalError("error column \(e.column) outside a query of \(width) characters: \(e.message)")
            }
            guard let parsed else {
                if errors.isEmpty { fatalError("no query and no error for \(query.debugDescription)") }
                return
            }
            let rule = WatchRule(id: "fuzz", query: parsed, querySource: query)
            let book = RuleBook(knowledge: knowledge, rules: [rule])
            let title = String(text.prefix { $0 != "\n" })
            let article = Article(key: "k", feed: FeedID("fuzz"), url: "https://fuzz.test/a", title: title,
                                  contentHTML: String(text.dropFirst(title.count)))
            let input = MatchInput(analysis: analyzer.analyze(article), article: article)
            let indexed = book.match(input).map(\.rule.id)
            let outright = book.matchEveryRule(input).map(\.rule.id)
            if indexed != outright {
                fatalError("the term index says \(indexed) but evaluating every rule says \(outright) for \(query.debugDescription)")
            }
        }
    }
}
