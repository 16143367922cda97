import Analysis
import WirewatchCore
import YAMLFiles

/// Every rule file compiled together: the knowledge base they extend and the
/// rules, compiled into one shared term index. Built off the hot path and
/// swapped in whole; matching is pure and safe from any thread.
public struct RuleBook: Sendable {
    public let knowledge: KnowledgeBase
    public let rules: [WatchRule]
    /// The rules compiled in the order of `placed`: the program and the index
    /// number a rule by its place there, not by its position in `rules`.
    let program: QueryProgram
    let index: TermIndex
    /// Per place in the program, the rule's position in `rules`, and back.
    let placed: [Int32]
    let place: [Int32]
    /// What the rules most likely do not mean, though valid (`China or Taiwan`), in reading order: said by
    /// `check` and in the log on every load, while the rules run as written.
    public internal(set) var warnings: [Diagnostic] = []

    /// `queries[i]` is `rules[i]`'s query, parsed; only compiling reads it.
    init(knowledge: KnowledgeBase, rules: [WatchRule], queries: [Query]) {
        self.knowledge = knowledge
        let anchors = rules.indices.map { rules[$0].enabled ? RuleAnchors.of(queries[$0]) : [] }
        // Rules filed under the same key are compiled next to each other: an
        // article's candidates come from a few keys (its entities, its rare
        // words), so at 100,000 rules evaluating them reads a few runs of
        // memory instead of a cache line or two at a random place per rule.
        var group: [RuleAnchors.Key: Int] = [:]
        let groups = rules.indices.map { r -> Int in
            guard let key = anchors[r].first?.keys.first else { return Int.max }
            if let g = group[key] { return g }
            group[key] = group.count
            return group.count - 1
        }
        let placed = rules.indices.sorted { (groups[$0], $0) < (groups[$1], $1) }
        var place = [Int32](repeating: 0, count: rules.count)
        for (p, r) in placed.enumerated() { place[r] = Int32(p) }
        self.placed = placed.map(Int32.init)
        self.place = place
        var builder = TermIndex.Builder()
        var program = QueryProgram()
        for r in placed { program.add(queries[r], terms: &builder) }
        program.finish()
        self.program = program
        for p in placed.indices where rules[placed[p]].enabled { builder.add(rule: p, anchors: anchors[placed[p]]) }
        index = builder.build()
        self.rules = rules.map(\.unshared)
    }

    /// Compiles `files` over the shipped `base` knowledge; every problem in
    /// every file is reported, in file order. `sinks` is nil when the config's
    /// sinks could not all be read (a syntax error): rules are then not checked
    /// for unknown sinks, which may be the ones that did not parse.
    /// `feeds`: the config's feed ids, when known, so that a `source:` naming none of them is warned of.
    public static func compile(_ files: [RuleFile], base: KnowledgeBase, sinks: Set<String>?, feeds: Set<String>? = nil) -> Result<RuleBook, Diagnostics> {
        let compiled = compiling(files, base: base, sinks: sinks, feeds: feeds.map(FeedNames.init), undefinedUnknown: [])
        if let book = compiled.book { return .success(book) }
        return .failure(Diagnostics(compiled.problems, warnings: compiled.warnings))
    }

    /// Checks `files` without the shipped knowledge (its data directory is missing or does not load),
    /// so that one `check` tells the rule files' mistakes beside the data's: every problem is reported
    /// but a name of an entity or topic the rule files do not define, which may be the data's.
    /// `namesUnchecked`: a rule names one, so the data's problem says they are not checked.
    public static func checkWithoutData(_ files: [RuleFile], sinks: Set<String>?) -> (problems: [Diagnostic], namesUnchecked: Bool) {
        let compiled = compiling(files, base: KnowledgeBase(), sinks: sinks, feeds: nil, undefinedUnknown: [.entity, .topic])
        return (compiled.problems, compiled.skipped)
    }

    /// `undefinedUnknown`: kinds of name not reported when undefined; `skipped` says whether one was.
    private static func compiling(_ files: [RuleFile], base: KnowledgeBase, sinks: Set<String>?, feeds: FeedNames?,
                                  undefinedUnknown: Set<QueryError.Definition>) -> (book: RuleBook?, problems: [Diagnostic], skipped: Bool, warnings: [Diagnostic]) {
        var diagnostics = files.flatMap(\.diagnostics) + RuleFile.definitionProblems(files) + RuleFile.overruledTypes(files, known: base)
        var skipped = false
        var knowledge = base
        for f in files {
            knowledge.add(entities: f.entities)
            knowledge.add(topics: f.topics)
        }
        var rules: [WatchRule] = []
        var queries: [Query] = []
        var warnings: [Diagnostic] = []
        var ids = FirstDefinitions()
        // A name defined in a part of a file that did not parse is unknown only until it parses.
        let unread = files.reduce(into: Set<QueryError.Definition>()) { $0.formUnion($1.unreadDefinitions) }
        for f in files {
            for spec in f.rules {
                let at = spec.mark.map(SourcePosition.init)
                let line = at?.line ?? 1
                // A rule whose id is taken is still checked, so that one run of `check` finds its other mistakes too.
                // The daemon's own alerts (a broken feed's) carry `wirewatch/…`: a rule taking it would mix its
                // article alerts with them for every receiver, `tail --rule` and metric (trial finding 25).
                if spec.id.lowercased().hasPrefix("wirewatch/") {
                    diagnostics.append(Diagnostic(file: f.path, at: at,
                                                  message: "rule id '\(spec.id)': ids starting with 'wirewatch/' are wirewatch's own (its broken-feed alerts); name the rule otherwise"))
                }
                if let first = ids.earlier(spec.id, file: f.path, line: line) {
                    diagnostics.append(Diagnostic(file: f.path, at: at,
                                                  message: "duplicate rule id '\(spec.id)' (first defined at \(first)); rule ids must be unique across all rule files"))
                }
                if let sinks {
                    for (name, mark) in zip(spec.sinks, spec.sinkMarks) where !sinks.contains(name) {
                        let known = sinks.sorted().joined(separator: ", ")
                        let hint = YAMLReader.nearest(name, in: Array(sinks)).map { "; did you mean '\($0)'?" } ?? ""
                        // An unmarked sink name is blamed on its rule's line.
                        let place = mark.map(SourcePosition.init) ?? SourcePosition(line: line, column: 1)
                        diagnostics.append(Diagnostic(file: f.path, at: place,
                                                      message: "rule '\(spec.id)' names unknown sink '\(name)' (configured sinks: \(known.isEmpty ? "none" : known))\(hint)"))
                    }
                }
                guard spec.queryStyle != nil else { continue }
                let parsed = QueryParser.parse(spec.query, knowledge: knowledge, feeds: feeds)
                var positions: [SourcePosition]?
                if parsed.query == nil || !parsed.warnings.isEmpty, let mark = spec.queryMark, let style = spec.queryStyle {
                    positions = f.yaml?.positions(of: spec.query, style: style, at: mark)
                }
                if let q = parsed.query {
                    queries.append(q)
                    rules.append(WatchRule(id: spec.id, description: spec.description, querySource: spec.query,
                                           severity: spec.severity, sinks: spec.sinks, throttle: spec.throttle,
                                           enabled: spec.enabled, file: f.path, line: line))
                    warnings += parsed.warnings.map { queryDiagnostic($0, spec: spec, positions: positions, file: f.path) }
                    if let comment = trailingComment(of: spec, in: f, failed: false) { warnings.append(comment) }
                } else {
                    if let comment = trailingComment(of: spec, in: f, failed: true) { diagnostics.append(comment) }
                    skipped = skipped || parsed.errors.contains { $0.undefined.map(undefinedUnknown.contains) == true }
                    diagnostics += parsed.errors.filter { $0.undefined.map { !unread.contains($0) && !undefinedUnknown.contains($0) } ?? true }
                        .map { queryDiagnostic($0, spec: spec, positions: positions, file: f.path) }
                }
            }
        }
        let warned = warnings.inReadingOrder(files: files.map(\.path))
        if !diagnostics.isEmpty || skipped {
            return (nil, diagnostics.inReadingOrder(files: files.map(\.path)), skipped, warned)
        }
        var book = RuleBook(knowledge: knowledge, rules: rules, queries: queries)
        book.warnings = warned
        return (book, [], false, warned)
    }

    /// The enabled rules that hold on `input`, in rule order, each with its
    /// evidence: at most `ArticleEvidence.limit` entries, the first of
    /// each clause that held among them. Only rules whose required words
    /// occur are evaluated.
    public func match(_ input: MatchInput) -> [RuleMatch] {
        let view = ArticleView(input, index: index, program: program)
        return matches(candidates(view), view)
    }

    /// How many rules the term index lets through to evaluation for `input`
    /// (the rest cannot hold): what the index saves, for benchmarks and tuning.
    public func candidateCount(_ input: MatchInput) -> Int {
        candidates(ArticleView(input, index: index, program: program)).count
    }

    /// Evaluates every enabled rule, skipping the index's filter: what
    /// `match` must always agree with.
    public func matchEveryRule(_ input: MatchInput) -> [RuleMatch] {
        let enabled = placed.indices.filter { rules[Int(placed[$0])].enabled }
        return matches(enabled, ArticleView(input, index: index, program: program))
    }

    /// Evaluates one rule (enabled or not) on `input` without the index's
    /// filter, with all its evidence: for `rules test RULE-ID`.
    public func match(_ input: MatchInput, rule id: String) -> RuleMatch? {
        guard let r = rules.firstIndex(where: { $0.id == id }) else { return nil }
        return matches([Int(place[r])], ArticleView(input, index: index, program: program), evidenceLimit: .max).first
    }

    private func candidates(_ view: ArticleView) -> [Int] {
        index.candidates(hitting: view.ids + view.keyIds())
    }

    /// The rules among `candidates` (places in the program, ascending) that
    /// hold, in rule order. Every candidate is evaluated before any evidence
    /// is made, so that the clause texts the evidence names (at 100,000
    /// rules, each a wait for memory) are read all together, not one firing
    /// rule at a time.
    private func matches(_ candidates: [Int], _ view: ArticleView, evidenceLimit: Int = ArticleEvidence.limit) -> [RuleMatch] {
        var evaluator = QueryEvaluator(view: view, program: program)
        var hits: [Hit] = []
        var fired: [(rule: Int, hits: Range<Int>)] = []
        var touched: Int32 = 0
        var batch = 0
        while batch < candidates.count {
            let end = min(batch + 64, candidates.count)
            touched &+= program.touch(rules: candidates[batch..<end])
            for r in candidates[batch..<end] {
                let mark = hits.count
                // A rule that does not hold adds no hits.
                if evaluator.holds(rule: r, &hits) { fired.append((Int(placed[r]), mark..<hits.count)) }
            }
            batch = end
        }
        touched &+= program.touch(clausesOf: hits)
        view.touched = touched
        guard !fired.isEmpty else { return [] }
        fired.sort { $0.rule < $1.rule }
        var evidence = ArticleEvidence(view, program: program)
        return fired.map { RuleMatch(rules, $0.rule, evidence: evidence.of(hits[$0.hits], limit: evidenceLimit)) }
    }

    /// Why rule `id` does or does not hold on `input`, clause by clause.
    public func explain(_ input: MatchInput, rule id: String) -> RuleExplanation? {
        guard let r = rules.firstIndex(where: { $0.id == id }) else { return nil }
        let evaluator = QueryEvaluator(view: ArticleView(input, index: index, program: program), program: program)
        return RuleExplanation(program.root(Int(place[r])), evaluator: evaluator)
    }

    /// Maps a column inside the query string to the file, exactly when the
    /// query's scalars can be traced in the YAML text, else to the query itself.
    private static func queryDiagnostic(_ e: QueryError, spec: RuleFile.RuleSpec, positions: [SourcePosition]?, file: String) -> Diagnostic {
        var position = spec.queryMark.map(SourcePosition.init) ?? SourcePosition(line: 1, column: 1)
        if let positions, !positions.isEmpty {
            let k = e.column - 1
            if k < positions.count {
                position = positions[max(0, k)]
            } else {
                position = positions[positions.count - 1]
                position.column += 1
            }
        } else if spec.queryStyle == .singleQuoted || spec.queryStyle == .doubleQuoted {
            position.column += 1   // an empty quoted query: point inside the quotes
        }
        return Diagnostic(file: file, at: position, message: "rule '\(spec.id)'\(spec.queryAlias.map { " (\($0))" } ?? ""): \(e)")
    }
}
