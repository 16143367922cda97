import ArgumentParser
import Daemon
import Fetching
import Foundation
import Rules
import WirewatchCore

struct RulesTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Show which rules fire on an article and why.",
        discussion: """
            ARTICLE is a file (plain text or HTML: the first line or <title> is the title; or a feed: every entry), \
            a file: URL (a configured feed's, as the config writes it, is that feed's file), an http(s) URL, or - for \
            standard input. With --explain, rules that do not fire say which clause failed. With --rules PATH, the rules \
            tried are PATH's (a draft rule file or directory) instead of those in the config's 'rules:' directory.
            """)

    @OptionGroup var options: ConfigOption
    @OptionGroup var rules: DraftRulesOption
    @Argument(help: "A rule id, or the article when --all is given or no rule is named.") var first: String
    @Argument(help: "The article: a file, a URL, or -.") var second: String?
    @Flag(help: "Try every rule (the default when no rule id is given).") var all = false
    @Flag(help: "Also explain, clause by clause, why a rule does not fire.") var explain = false
    @Flag(help: "Print the result as JSON.") var json = false
    @Option(help: "The feed (an id from the config) the article is from, for source: clauses; by default the feed whose URL is ARTICLE, if any.")
    var feed: String?

    func validate() throws {
        if all, second != nil { throw ValidationError("give a rule id or --all, not both") }
    }

    func run() async throws {
        let (ruleID, source) = second.map { (Optional(first), $0) } ?? (nil, first)
        let draft = try rules.draft()
        let setup = try setupToRead(options.config, draft: draft)
        if let ruleID, !setup.rules.rules.contains(where: { $0.id == ruleID }) {
            throw fail(unknownRule(ruleID, in: setup, configPath: options.config, draft: draft))
        }
        if second == nil, setup.rules.rules.contains(where: { $0.id == source }), !FileManager.default.fileExists(atPath: source) {
            throw fail("\(source) is a rule; name the article after it: wirewatch rules test \(source) ARTICLE (\(Self.articleHint))")
        }
        // Before the article is read: a mistyped --feed need not wait for a fetch, or use up standard input.
        let file = file(of: source, feeds: setup.config.feeds)
        let feedID = try feedID(of: source, file: file, in: setup)
        let (data, contentType) = try await read(file ?? source)
        if data.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            throw fail("\(source): empty; an article is a title on the first line and its text after it (or an HTML page, or a feed)")
        }
        guard let articles = ArticleDocument.articles(from: data, name: source, feedID: feedID, contentType: contentType) else {
            throw fail("\(source): not text (it holds NUL bytes); an article is plain text, an HTML page or a feed")
        }
        if articles.isEmpty { throw fail("\(source): no article in it") }
        var report: [[String: Any]] = []
        for article in articles {
            let input = MatchInput(analysis: setup.analyzer.analyze(article), article: article)
            let rules = ruleID.map { id in setup.rules.rules.filter { $0.id == id } } ?? setup.rules.rules
            let fired = ruleID.map { id in setup.rules.match(input, rule: id).map { [$0] } ?? [] } ?? setup.rules.match(input)
            let firedIDs = Set(fired.map(\.rule.id))
            // What a rule does or would do: a disabled rule is matched too when it is named or explained.
            func outcome(_ rule: WatchRule) -> RuleMatch? {
                fired.first { $0.rule.id == rule.id } ?? (rule.enabled || !explain ? nil : setup.rules.match(input, rule: rule.id))
            }
            if json {
                report.append(["article": ["title": article.title, "url": article.url ?? ""],
                               "rules": rules.compactMap { rule -> [String: Any]? in
                                   let m = outcome(rule)
                                   guard m != nil || explain || ruleID != nil else { return nil }
                                   var entry: [String: Any] = ["id": rule.id, "fires": m != nil, "enabled": rule.enabled,
                                                               "why": (m?.evidence ?? []).map(Self.json)]
                                   if explain, let x = setup.rules.explain(input, rule: rule.id) { entry["explain"] = Self.json(x) }
                                   return entry
                               }])
                continue
            }
            print("\(article.title.isEmpty ? "(untitled)" : article.title)\(article.url.map { "  <\($0)>" } ?? "")")
            for rule in rules {
                // One line a rule: a query written as a block scalar keeps its line breaks (trial4 finding 36).
                let query = rule.querySource.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if let m = outcome(rule) {
                    if rule.enabled {
                        print("  ✓ \(rule.id) (\(rule.severity.rawValue)) fires: \(query)")
                    } else if ruleID != nil {
                        print("  ✓ \(rule.id) (\(rule.severity.rawValue)) would fire, but is disabled (enabled: false): \(query)")
                    } else {
                        print("  ✗ \(rule.id) is disabled (enabled: false); it would fire: \(query)")
                    }
                    Self.printEvidence(m.evidence)
                    if explain, ruleID != nil, let x = setup.rules.explain(input, rule: rule.id) { x.lines(indent: "      ").forEach { print($0) } }
                } else if explain || ruleID != nil {
                    print(rule.enabled ? "  ✗ \(rule.id) does not fire: \(query)"
                                       : "  ✗ \(rule.id) is disabled (enabled: false), and would not fire either: \(query)")
                    if explain, let x = setup.rules.explain(input, rule: rule.id) { x.lines(indent: "      ").forEach { print($0) } }
                }
            }
            if ruleID == nil, firedIDs.isEmpty { print("  no rule fires\(explain ? "" : " (--explain says why)")") }
            else if ruleID == nil, !explain, case let enabled = rules.filter(\.enabled).count, firedIDs.count < enabled {
                print("  \(firedIDs.count) of \(enabled) enabled rules fire (--explain says why the others do not)")
            }
        }
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        }
    }

    /// The file a `file:` ARTICLE names: as the config reads its feeds' (from the config's directory) when that is
    /// a configured feed's, else from the current directory. Nil for an ARTICLE that is not a `file:` URL.
    private func file(of source: String, feeds: [FeedConfig]) -> String? {
        guard let configured = ConfigLoader.filePath(ofURL: source, configPath: options.config) else { return nil }
        let url = URL(fileURLWithPath: configured, isDirectory: false).absoluteString
        return feeds.contains { $0.url == url } ? configured : ConfigLoader.filePath(ofURL: source, configPath: nil)
    }

    /// The feed named by --feed, else the configured feed whose URL is `source`, or whose file is `file` or `source`.
    private func feedID(of source: String, file: String?, in setup: WatchSetup) throws -> FeedID {
        let feeds = setup.config.feeds
        if let feed {
            guard let f = feeds.first(where: { $0.id.rawValue == feed }) else {
                throw fail(unknownName("feed", feed, among: feeds.map(\.id.rawValue), configPath: options.config, writtenIn: options.config))
            }
            return f.id
        }
        let asFile = URL(fileURLWithPath: file ?? source).standardizedFileURL.absoluteString
        return feeds.first { $0.url == source || $0.url == asFile }?.id ?? FeedID("rules-test")
    }

    /// The article's bytes, and the server's Content-Type for one fetched by URL.
    private func read(_ source: String) async throws -> (data: Data, contentType: String?) {
        if source == "-" { return (FileHandle.standardInput.readDataToEndOfFile(), nil) }
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let fetcher = Fetcher()
            defer { fetcher.shutdown() }
            let result = await fetcher.fetch(FetchRequest(url: source, totalTimeout: 30))
            if let error = result.error, ![.http4xx, .http5xx, .rateLimited].contains(error.category) {
                throw fail("\(source): \(error.category.rawValue): \(error.message)")
            }
            guard result.isSuccess else { throw fail("\(source): the server answered HTTP \(result.status); check the URL") }
            return (result.body, result.headers.contentType)
        }
        switch InputFile.read(source, what: "article", hint: Self.articleHint) {
        case .success(let data): return (data, nil)
        case .failure(let error): throw fail(error.description)
        }
    }

    static let articleHint = "ARTICLE is a file, an http(s) URL, or - for standard input"

    /// At most three places per clause; the rest are counted (--json has them all).
    static func printEvidence(_ evidence: [AlertRecord.Evidence]) {
        var shown: [String: Int] = [:]
        var order: [String] = []
        for e in evidence {
            if shown[e.clause] == nil { order.append(e.clause) }
            shown[e.clause, default: 0] += 1
            guard shown[e.clause]! <= 3 else { continue }
            let span = e.span.count == 2 ? "[\(e.span[0]),\(e.span[1])]" : ""
            print("      \(e.clause)  \(e.field)\(span)  \(e.snippet)")
        }
        for clause in order where shown[clause]! > 3 { print("      \(clause)  … \(shown[clause]! - 3) more") }
    }

    static func json(_ e: AlertRecord.Evidence) -> [String: Any] {
        ["clause": e.clause, "field": e.field, "span": e.span, "match": e.match, "snippet": e.snippet]
    }

    static func json(_ x: RuleExplanation) -> [String: Any] {
        ["clause": x.clause, "holds": x.held, "detail": x.detail, "children": x.children.map(json)]
    }
}
