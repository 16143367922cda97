import Analysis
import WirewatchCore

/// Why a rule holds or not on one article, clause by clause: what
/// `rules test --explain` prints.
public struct RuleExplanation: Sendable, Hashable {
    /// The clause as written (compound clauses rebuilt from their parts).
    public var clause: String
    public var held: Bool
    /// What was found, or why the clause failed.
    public var detail: String
    public var children: [RuleExplanation]

    init(_ q: CompiledQuery, evaluator: QueryEvaluator) {
        var hits: [Hit] = []
        held = evaluator.holds(q, &hits)
        clause = q.source
        children = []
        let view = evaluator.view
        switch q {
        case .and(let parts):
            children = parts.map { RuleExplanation($0, evaluator: evaluator) }
            detail = held ? "all hold" : "fails: " + children.filter { !$0.held }.map(\.clause).joined(separator: ", ")
        case .or(let parts):
            children = parts.map { RuleExplanation($0, evaluator: evaluator) }
            detail = held ? "holds: " + children.filter(\.held).map(\.clause).joined(separator: ", ") : "none holds"
        case .not(let inner):
            children = [RuleExplanation(inner, evaluator: evaluator)]
            detail = held ? "the excluded clause is absent" : "the excluded clause is present"
        case .near(let left, let right, let distance, let ordered, _):
            children = [RuleExplanation(left, evaluator: evaluator), RuleExplanation(right, evaluator: evaluator)]
            if held {
                detail = "\(hits.count) place\(hits.count == 1 ? "" : "s") within \(distance) words"
            } else if children.allSatisfy(\.held) {
                detail = "both occur, but never \(ordered ? "in this order " : "")within \(distance) words"
            } else {
                detail = "missing: " + children.filter { !$0.held }.map(\.clause).joined(separator: ", ")
            }
        case .sentence(let operands, _):
            children = operands.map { RuleExplanation($0, evaluator: evaluator) }
            if held {
                detail = "\(hits.count) sentence\(hits.count == 1 ? "" : "s") hold\(hits.count == 1 ? "s" : "") them all"
            } else if children.allSatisfy(\.held) {
                detail = "each occurs, but never all in one sentence"
            } else {
                detail = "missing: " + children.filter { !$0.held }.map(\.clause).joined(separator: ", ")
            }
        case .term(let t):
            detail = held ? Self.found(hits.count) : "not found" + Self.fieldNote(t.field)
        case .metadata(let t):
            let values = view.metadata(t.field).map(\.value)
            detail = held ? "found in \(t.field.rawValue)" : "\(t.field.rawValue) is " + (values.isEmpty ? "empty" : values.map { "'\($0)'" }.joined(separator: ", "))
        case .entity:
            detail = held ? "\(hits.count) mention\(hits.count == 1 ? "" : "s")" : "not recognised in the article"
        case .topic(let t):
            if let hit = view.input.analysis.topics.first(where: { $0.id == t.id }), hit.score > 0 {
                detail = held ? "score \(hit.score)" : "score \(hit.score) is below \(t.minScore)"
            } else {
                detail = "the article does not have this topic"
            }
        }
    }

    private static func found(_ n: Int) -> String { "found \(n) time\(n == 1 ? "" : "s")" }

    private static func fieldNote(_ f: TextField) -> String {
        switch f {
        case .title: return " in the title"
        case .text: return " in the body"
        default: return ""
        }
    }

    /// The explanation as indented lines, `✓`/`✗` for held or failed.
    public func lines(indent: String = "") -> [String] {
        ["\(indent)\(held ? "✓" : "✗") \(clause) — \(detail)"] + children.flatMap { $0.lines(indent: indent + "    ") }
    }
}
