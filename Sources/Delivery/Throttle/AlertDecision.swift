import Analysis
import Foundation
import Rules
import Store
import WirewatchCore

/// Turns rule matches into candidate alerts for the outbox. Pure: the same
/// article, matches and `now` always give the same candidates. The story and
/// the final id are settled when the candidate is admitted (`AlertAdmission`),
/// inside the commit, where the story registry and the throttle live.
public enum AlertDecision {
    public static func alerts(for matches: [RuleMatch], article: Article, analysis: ArticleAnalysis, now: Date,
                              allSinks: [String]) -> [OutboxAlert] {
        // What every candidate of the article carries: worked out once, not once per rule that matched.
        let entities = analysis.entities.sorted { $0.mentions.count > $1.mentions.count }.prefix(10)
            .map { AlertRecord.EntityCount(name: $0.canonical, type: $0.type, mentions: $0.mentions.count) }
        let topics = analysis.topics.filter { $0.score >= 0.2 }.prefix(8).map { AlertRecord.TopicScore(id: $0.id, score: $0.score) }
        let titleWords = StoryFingerprint.titleWords(analysis.tokens, titleEnd: analysis.titleEnd)
        return matches.map { m in
            let key = AlertThrottle.key(per: m.rule.throttle.per, story: analysis.story, article: article.id)
            let record = AlertRecord(
                id: AlertRecord.id(rule: m.rule.id, story: key),
                time: now,
                rule: m.rule.id,
                severity: m.rule.severity,
                article: .init(id: article.id, url: article.url, title: article.title, feed: article.feed,
                               published: article.published ?? article.updated, lang: analysis.language),
                story: analysis.story,
                why: Array(m.evidence.prefix(AlertRecord.evidenceLimit)),
                entities: entities,
                topics: topics)
            return OutboxAlert(record: record, sinks: m.rule.sinks.isEmpty ? allSinks : m.rule.sinks,
                               claim: StoryClaim(fingerprint: analysis.fingerprint, per: m.rule.throttle.per.rawValue,
                                                 window: m.rule.throttle.window, bodyFingerprint: analysis.bodyFingerprint,
                                                 titleWords: titleWords))
        }
    }
}
