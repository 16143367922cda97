import Analysis
import Foundation
import Rules
import WirewatchCore
import YAMLFiles

/// Everything that comes from files an operator edits: the config, the
/// knowledge base and the compiled rules. Loaded whole, validated whole, and
/// swapped in whole on reload.
public struct WatchSetup: Sendable {
    public let config: DaemonConfig
    public let rules: RuleBook
    public let analyzer: Analyzer
    public let ruleFiles: [String]
    /// Where the config writes the store's path and each alert log's (by sink id), for `unwritablePlaces()`.
    let storeAt: SourcePosition?
    let sinkPathsAt: [String: SourcePosition]
    /// Where `admin.listen` is written, for `unlistenableAdmin()`.
    let adminListenAt: SourcePosition?
    /// The secret references of sinks, feeds and `poll.proxy`, and where they are written, for `unreadableSecrets()`.
    let secrets: [WrittenSecret]
    /// What a setup loaded `toRead` (or reloaded) did not refuse: `file:` feeds whose path names a directory now.
    public internal(set) var warnings: [Diagnostic] = []

    /// Loads and validates; every problem in every file is reported. `toRead`: for what only reads the
    /// setup (a command that analyses or tests rules), a `file:` feed whose path names a directory now is a warning.
    /// `draft`: rule files read instead of the config's `rules:` directory (`--rules`).
    public static func load(configPath: String, toRead: Bool = false, draft: DraftRules? = nil) -> Result<WatchSetup, Diagnostics> {
        load(configPath: configPath, draft: draft, warnsOf: { _ in toRead })
    }

    /// For a reload: a `file:` feed already in force (same id, same url) whose path names a directory now is
    /// a warning, its polls say it; one the edit adds or moves there is refused, as the next start would refuse it.
    static func load(configPath: String, feedsInForce: [FeedConfig]) -> Result<WatchSetup, Diagnostics> {
        let inForce = Dictionary(feedsInForce.map { ($0.id, $0.url) }, uniquingKeysWith: { a, _ in a })
        return load(configPath: configPath, warnsOf: { inForce[$0.feed] == $0.url })
    }

    /// `warnsOf`: which `file:` feeds whose path names a directory now are warnings, not problems.
    private static func load(configPath: String, draft: DraftRules? = nil, warnsOf: (ConfigLoader.Reading.FeedFileNow) -> Bool) -> Result<WatchSetup, Diagnostics> {
        // A mistake in the config does not hide those in the rule files: they are checked against the config as far as it reads.
        let reading = ConfigLoader.read(path: configPath)
        guard let config = reading.config, !reading.rulesUnchecked else { return .failure(Diagnostics(reading.all)) }
        var problems = reading.problems + reading.feedFilesNow.filter { !warnsOf($0) }.map(\.problem)
        var paths: [String] = []
        /// The rules' warnings, said beside the problems that refuse the setup.
        var ruleWarnings: [Diagnostic] = []
        /// Every problem, the config's first, then the rule files' in reading order.
        func refused() -> Result<WatchSetup, Diagnostics> {
            .failure(Diagnostics(problems.inReadingOrder(files: [config.path] + paths), warnings: ruleWarnings))
        }
        /// A problem with a directory the config names, at where it names it (else the config's start).
        func problem(at position: SourcePosition?, _ message: String) -> Diagnostic {
            Diagnostic(file: config.path, at: position, message: message)
        }
        // Said before the data is looked at: a missing or misnamed rules directory needs no analysis data to be told.
        paths = draft?.files ?? ruleFilePaths(in: config.rulesDirectory)
        var files: [RuleFile] = []
        var rulesIsDirectory: ObjCBool = false
        if draft != nil {
            // The config's directory is not read; the draft was looked at when it was named.
        } else if !FileManager.default.fileExists(atPath: config.rulesDirectory, isDirectory: &rulesIsDirectory) {
            problems.append(problem(at: reading.rulesAt,
                "rules directory \(config.rulesDirectory) does not exist; create it, or set 'rules' to the directory that holds the rule files"))
        } else if !rulesIsDirectory.boolValue {
            problems.append(problem(at: reading.rulesAt,
                "'rules' names \(config.rulesDirectory), a file, not a directory; set 'rules' to the directory that holds the rule files (*.yaml)"))
        }
        for p in paths {
            do {
                let text = try YAMLFile.text(atPath: p, what: "rule file", directoryHint:
                    "move it out of \(draft?.directory ?? config.rulesDirectory), or rename it so that it does not end in .yaml or .yml")
                files.append(RuleFile(path: p, text: text))
            } catch {
                files.append(RuleFile(path: p, unreadable: error))
            }
        }
        // Without its data the analysis knows no entity or topic and every rule quietly matches less. The rule
        // files are still checked, so that fixing 'data' does not bring a second round of mistakes (trial
        // finding 13); only the names of entities and topics they do not define are not, which is said once.
        let base: KnowledgeBase
        switch knowledge(config, at: reading.dataAt) {
        case .success(let loaded):
            base = loaded
        case .failure(var problem):
            let checked = RuleBook.checkWithoutData(files, sinks: reading.sinkIDs)
            problems += checked.problems
            if checked.namesUnchecked { problem.message += "; until the data loads, rules are not checked for unknown entities or topics" }
            problems.append(problem)
            return refused()
        }
        // Every sink written, one with a mistake of its own too, is a sink the rules may name.
        // The feeds, for `source:` clauses naming none of them; not when the config's own mistakes may have dropped one.
        let feeds = reading.problems.isEmpty ? Set(config.feeds.map(\.id.rawValue)) : nil
        switch RuleBook.compile(files, base: base, sinks: reading.sinkIDs, feeds: feeds) {
        case .success(let book):
            ruleWarnings = book.warnings
            guard problems.isEmpty else { return refused() }
            var warnings = reading.feedFilesNow.filter(warnsOf).map(\.problem)
            // What the daemon would do with the live rules directory; a draft (`--rules`) is not what it reads.
            if draft == nil {
                if paths.isEmpty, let none = noRuleFiles(in: config.rulesDirectory) { warnings.append(problem(at: reading.rulesAt, none)) }
                if !paths.isEmpty, let unread = misnamedRuleFiles(in: config.rulesDirectory) { warnings.append(problem(at: reading.rulesAt, unread)) }
                if !book.rules.isEmpty, !book.rules.contains(where: \.enabled) {
                    warnings.append(problem(at: reading.rulesAt, "every rule in \(config.rulesDirectory) is disabled (enabled: false): no alert is raised"))
                }
            }
            warnings += book.warnings
            return .success(WatchSetup(config: config, rules: book, analyzer: Analyzer(knowledge: book.knowledge), ruleFiles: paths,
                                        storeAt: reading.storeAt, sinkPathsAt: reading.sinkPathsAt, adminListenAt: reading.adminListenAt, secrets: reading.secrets,
                                        warnings: warnings))
        case .failure(let d):
            problems += d.items
            ruleWarnings = d.warnings
            return refused()
        }
    }

    /// The shipped entities and topics, from the data directory; its problem, at `data` (or the file of
    /// the data that does not load), when it cannot be used.
    private static func knowledge(_ config: DaemonConfig, at dataAt: SourcePosition?) -> Result<KnowledgeBase, Diagnostic> {
        let taxonomy = (config.dataDirectory as NSString).appendingPathComponent("taxonomy.yaml")
        guard FileManager.default.fileExists(atPath: taxonomy) else {
            let why = config.dataSearch?.notFound ?? "analysis data directory \(config.dataDirectory) has no taxonomy.yaml"
            return .failure(Diagnostic(file: config.path, at: dataAt, message:
                "\(why); set 'data' to where wirewatch's taxonomy.yaml and gazetteer/ are installed"))
        }
        do {
            return .success(try KnowledgeBase.load(dataDirectory: config.dataDirectory))
        } catch let d as Diagnostic {
            return .failure(d)
        } catch {
            return .failure(Diagnostic(file: config.dataDirectory, line: 1, column: 1, message: "cannot load analysis data: \(error)"))
        }
    }

    /// What to say of a rules directory that holds no rule file: the daemon then raises no alert, which `check`
    /// said was OK even beside files that look like rule files and are not read (`A.YAML`, `b.yaml.txt`, a
    /// subdirectory of them; trial4 finding 25).
    static func noRuleFiles(in dir: String) -> String? {
        guard let alike = lookalikes(in: dir, backups: true) else { return nil }
        return "rules directory \(dir) holds no rule file: no alert is raised" + (alike.isEmpty ? "" : "; it holds \(notRead(alike))")
    }

    /// What to say of files beside the rule files that look meant as rule files and are not read: `Policy.YAML`,
    /// `feeds.json`, a subdirectory of `*.yaml` (they were said only when no rule file was there). Backups and
    /// editors' files (`a.yaml~`, `a.yaml.bak`, `a.yaml.dpkg-old`) are not said: they are meant not to be read.
    static func misnamedRuleFiles(in dir: String) -> String? {
        guard let alike = lookalikes(in: dir, backups: false), !alike.isEmpty else { return nil }
        return "rules directory \(dir) holds \(notRead(alike))"
    }

    /// The names in `dir` that look like rule files and are not read, in name order: a name ending in .yaml or .yml
    /// in another case, a `.json`, a subdirectory holding `*.yaml`; with `backups`, any name with `.yaml` or `.yml`
    /// in it (`a.yaml~`, `a.yaml.bak`). Nil when `dir` cannot be listed.
    private static func lookalikes(in dir: String, backups: Bool) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        return names.filter { n in
            let lower = n.lowercased()
            guard !n.hasPrefix(".") else { return false }
            if backups ? (lower.contains(".yaml") || lower.contains(".yml"))
                       : (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")) && !(n.hasSuffix(".yaml") || n.hasSuffix(".yml")) { return true }
            if lower.hasSuffix(".json") { return true }
            return (try? FileManager.default.contentsOfDirectory(atPath: (dir as NSString).appendingPathComponent(n)))?
                .contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") } == true
        }.sorted()
    }

    /// "A.YAML, sub, which are not read: …", at most five names.
    private static func notRead(_ names: [String]) -> String {
        "\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? " …" : ""), which \(names.count == 1 ? "is" : "are") not read: "
            + "only files ending in .yaml or .yml directly in it are"
    }

    /// `*.yaml` and `*.yml` directly under `dir`, in name order.
    static func ruleFilePaths(in dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }
}
