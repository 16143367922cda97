import ArgumentParser
import Analysis
import Daemon
import Delivery
import Foundation
import Rules
import Store
import WirewatchCore
import YAMLFiles

struct RulesBacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Run the current rules (or a draft's, with --rules) over the articles the daemon has stored.",
        discussion: "Prints, per rule, how many alerts it would have raised (one per story, article or rule per throttle window, as its throttle says, over the times the articles were stored), on how many articles, and a sample.")

    @OptionGroup var options: ConfigOption
    @OptionGroup var draftRules: DraftRulesOption
    @Option(help: "How far back to look: a duration back from now (90m, 12h, 7d, 2w) or a time (2026-11-29T08:00:00Z, or a day, 2026-11-29), as tail's --since.") var since = "7d"
    @Option(help: "At most this many articles (the newest).") var limit = 20_000
    @Option(help: "Only this rule.") var rule: String?
    @Flag(help: "Print the result as JSON.") var json = false

    struct Tally {
        var alerts = 0
        /// The throttle's memory per key, as the daemon's ledger keeps it, on the stored times.
        var raised: [String: ThrottleMemory] = [:]
        var articles = 0
        var sample: (article: Article, evidence: AlertRecord.Evidence?)?
    }

    func validate() throws {
        _ = try CommandLineValue.since("--since", since, now: Date())
        if limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    }

    func run() throws {
        let now = SystemClock().now()
        let from = try CommandLineValue.since("--since", since, now: now)
        // Said as the operator wrote it: "of the last 7d", or "since" the time given.
        let isTime = (try? CommandLineValue.lookBack("--since", since)) == nil
        let draft = try draftRules.draft()
        let setup = try setupToRead(options.config, draft: draft)
        if let rule, !setup.rules.rules.contains(where: { $0.id == rule }) {
            throw fail(unknownRule(rule, in: setup, configPath: options.config, draft: draft))
        }
        // A disabled rule named is run as asked; but its counts must not read as what the daemon raises (trial2 finding 12).
        let notes = rule.flatMap { id in setup.rules.rules.contains { $0.id == id && !$0.enabled } ? id : nil }.map {
            ["rule '\($0)' is disabled (enabled: false): the daemon raises no alert for it; counted as if it were enabled"]
        } ?? []
        // Read only: the daemon may be running on it, and is the one to upgrade it.
        let store = try existingStore(setup.config.store, readOnly: true)
        let stored: [StoredArticle]
        do {
            stored = try store.recentArticles(since: from, limit: limit)
        } catch {
            throw fail("\(setup.config.storePath): cannot read the store: \(error)")
        }
        for note in notes { FileHandle.standardError.write(Data("wirewatch: note: \(note)\n".utf8)) }
        let rules = setup.rules.rules.filter { rule == nil || $0.id == rule }
        var tally: [String: Tally] = [:]
        // Stories as the daemon resolves them: a near fingerprint or a re-headlined body joins a story
        // (StoryRegistry), among the articles any enabled rule matches, and those a rule named with
        // --rule matches (as the daemon would, were it enabled): the daemon sees only those. An edited
        // entry is seen once, as last edited and when it was edited: the store keeps only that version.
        let registry = StoryRegistry()
        let stories = StoriesInMemory()
        // Oldest first, so that the sample is the first article a rule would have alerted on.
        for s in stored.reversed() {
            let analysis = setup.analyzer.analyze(s.article)
            let input = MatchInput(analysis: analysis, article: s.article)
            let enabled = setup.rules.match(input)
            // A rule named with --rule is run even when disabled.
            let matches = rule.map { setup.rules.match(input, rule: $0).map { [$0] } ?? [] } ?? enabled
            guard !matches.isEmpty || !enabled.isEmpty else { continue }
            let story = try registry.resolve(analysis.fingerprint, body: analysis.bodyFingerprint,
                                             title: StoryFingerprint.titleWords(analysis.tokens, titleEnd: analysis.titleEnd),
                                             feed: s.article.feed.rawValue,
                                             joined: nil, article: s.article.id, in: stories, now: s.storedAt)
            for m in matches {
                var t = tally[m.rule.id] ?? Tally()
                // The daemon's throttle decides, at the time the article was stored: at most one
                // alert per key per window, not one per key ever (trial7 N8).
                let key = AlertThrottle.key(per: m.rule.throttle.per, story: story, article: s.article.id)
                if case .raise(let id) = AlertThrottle.decide(rule: m.rule.id, key: key, window: m.rule.throttle.window,
                                                              memory: t.raised[key], now: s.storedAt) {
                    t.alerts += 1
                    t.raised[key] = ThrottleMemory(alert: id, raised: s.storedAt)
                }
                t.articles += 1
                if t.sample == nil { t.sample = (s.article, m.evidence.first) }
                tally[m.rule.id] = t
            }
        }
        if json {
            let out: [String: Any] = ["since": since, "from": from.formatted(.iso8601), "articles": stored.count, "notes": notes, "rules": rules.map { r -> [String: Any] in
                let t = tally[r.id] ?? Tally()
                var entry: [String: Any] = ["id": r.id, "alerts": t.alerts, "articles": t.articles, "enabled": r.enabled]
                if let s = t.sample {
                    entry["sample"] = ["title": s.article.title, "url": s.article.url ?? "", "feed": s.article.feed.rawValue,
                                       "why": s.evidence.map(RulesTestCommand.json) ?? [:]]
                }
                return entry
            }]
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            return
        }
        let window = isTime ? "since \(from.formatted(.iso8601))" : "of the last \(since)"
        print("\(stored.count) stored article\(stored.count == 1 ? "" : "s") \(window)\(stored.count == limit ? " (the newest \(limit); raise --limit for more)" : "")")
        let width = max(4, rules.map(\.id.count).max() ?? 4)
        print("RULE".padding(toLength: width, withPad: " ", startingAt: 0) + "  ALERTS  ARTICLES  SAMPLE")
        for r in rules {
            let t = tally[r.id] ?? Tally()
            var line = r.id.padding(toLength: width, withPad: " ", startingAt: 0)
            line += String(repeating: " ", count: max(0, 8 - "\(t.alerts)".count)) + "\(t.alerts)"
            line += String(repeating: " ", count: max(0, 10 - "\(t.articles)".count)) + "\(t.articles)"
            if let s = t.sample {
                line += "  \"\(s.article.title)\" [\(s.article.feed.rawValue)]"
                if let e = s.evidence { line += " — \(e.clause): \(e.snippet)" }
            } else {
                line += r.enabled ? "  -" : "  - (disabled)"
            }
            print(line)
        }
    }
}
