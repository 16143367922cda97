import Analysis
import Foundation
import Rules
import Store
import WirewatchCore

/// Turns rule matches into alert records. Pure: the same article, matches and
/// `now` always give the same records, and the record id depends only on
/// (rule, story), so a restart or a second feed carrying the story adds nothing.
enum AlertDecision {
    static func alerts(for matches: [RuleMatch], article: Article, analysis: ArticleAnalysis, now: Date,
                       allSinks: [String]) -> [OutboxAlert] {
        matches.map { m in
            let story = storyKey(m.rule.throttle.per, article: article, analysis: analysis)
            let record = AlertRecord(
                id: AlertRecord.id(rule: m.rule.id, story: story),
                time: now,
                rule: m.rule.id,
                severity: m.rule.severity,
                article: .init(id: article.id, url: article.url, title: article.title, feed: article.feed,
                               published: article.published, lang: analysis.language),
                story: analysis.story,
                why: Array(m.evidence.prefix(20)),
                entities: analysis.entities.sorted { $0.mentions.count > $1.mentions.count }.prefix(10)
                    .map { .init(name: $0.canonical, type: $0.type, mentions: $0.mentions.count) },
                topics: analysis.topics.filter { $0.score >= 0.2 }.prefix(8).map { .init(id: $0.id, score: $0.score) })
            return OutboxAlert(record: record, sinks: m.rule.sinks.isEmpty ? allSinks : m.rule.sinks)
        }
    }

    private static func storyKey(_ per: Throttle.Key, article: Article, analysis: ArticleAnalysis) -> String {
        switch per {
        case .story: return analysis.story
        case .article: return article.id
        case .rule: return "*"
        }
    }
}
