import Analysis
import WirewatchCore
import Yams

/// Every rule file compiled together: the knowledge base they extend and the
/// rules, ready to match. Built off the hot path and swapped in whole.
public struct RuleBook: Sendable {
    public let knowledge: KnowledgeBase
    public let rules: [WatchRule]

    public init(knowledge: KnowledgeBase, rules: [WatchRule]) {
        self.knowledge = knowledge
        self.rules = rules
    }

    /// Compiles `files` over the shipped `base` knowledge; every problem in
    /// every file is reported, in file order.
    public static func compile(_ files: [RuleFile], base: KnowledgeBase, sinks: Set<String>) -> Result<RuleBook, Diagnostics> {
        var diagnostics = files.flatMap(\.diagnostics)
        var knowledge = base
        for f in files {
            knowledge.add(entities: f.entities)
            knowledge.add(topics: f.topics)
        }
        var rules: [WatchRule] = []
        var seen: [String: (String, Int)] = [:]
        for f in files {
            for spec in f.rules {
                let line = spec.node.mark?.line ?? 1
                if let (otherFile, otherLine) = seen[spec.id] {
                    diagnostics.append(Diagnostic(file: f.path, line: line, column: spec.node.mark?.column ?? 1,
                                                  message: "duplicate rule id '\(spec.id)' (first defined at \(otherFile):\(otherLine))"))
                    continue
                }
                seen[spec.id] = (f.path, line)
                for (name, node) in zip(spec.sinks, spec.sinkNodes) where !sinks.contains(name) {
                    let known = sinks.sorted().joined(separator: ", ")
                    diagnostics.append(Diagnostic(file: f.path, line: node.mark?.line ?? line, column: node.mark?.column ?? 1,
                                                  message: "rule '\(spec.id)' names unknown sink '\(name)' (configured sinks: \(known.isEmpty ? "none" : known))"))
                }
                guard spec.queryNode != nil else { continue }
                do {
                    let q = try QueryParser.parse(spec.query, knowledge: knowledge)
                    rules.append(WatchRule(id: spec.id, description: spec.description, query: q, querySource: spec.query,
                                           severity: spec.severity, sinks: spec.sinks, throttle: spec.throttle,
                                           enabled: spec.enabled, file: f.path, line: line))
                } catch {
                    diagnostics.append(queryDiagnostic(error, spec: spec, file: f.path))
                }
            }
        }
        if !diagnostics.isEmpty { return .failure(Diagnostics(diagnostics)) }
        return .success(RuleBook(knowledge: knowledge, rules: rules))
    }

    /// The rules that hold on `input`, each with its evidence.
    public func match(_ input: MatchInput) -> [RuleMatch] {
        let evaluator = QueryEvaluator(input)
        return rules.compactMap { rule in
            guard rule.enabled, let evidence = evaluator.evaluate(rule.query) else { return nil }
            return RuleMatch(rule: rule, evidence: evidence)
        }
    }

    /// Maps a column inside the query string to the file: exact for queries on
    /// one line (plain or quoted), the query's own position otherwise.
    private static func queryDiagnostic(_ e: QuerySyntaxError, spec: RuleFile.RuleSpec, file: String) -> Diagnostic {
        let mark = spec.queryNode?.mark
        var column = mark?.column ?? 1
        if case .scalar(let s)? = spec.queryNode, !spec.query.contains("\n") {
            switch s.style {
            case .singleQuoted, .doubleQuoted: column += e.column
            case .plain, .any: column += e.column - 1
            default: break
            }
        }
        return Diagnostic(file: file, line: mark?.line ?? 1, column: column,
                          message: "rule '\(spec.id)': \(e.message)" + (spec.query.isEmpty ? "" : " in query \"\(spec.query)\""))
    }
}
