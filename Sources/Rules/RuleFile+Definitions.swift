import Analysis
import WirewatchCore
import YAMLFiles
import Yams

extension RuleFile {
    /// An entity or topic defined twice in the rule files: the second would
    /// quietly be merged into (an entity) or replace (a topic) the first.
    /// Extending the shipped gazetteer or taxonomy, once, is what rule files are for.
    static func definitionProblems(_ files: [RuleFile]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var entities = FirstDefinitions(), topics = FirstDefinitions()
        for f in files {
            for (e, mark) in zip(f.entities, f.entityMarks) {
                let at = mark.map(SourcePosition.init)
                if let first = entities.earlier(TextFolding.fold(e.name), file: f.path, line: at?.line ?? 1) {
                    problems.append(Diagnostic(file: f.path, at: at, message:
                        "entity '\(e.name)' is defined twice (first defined at \(first)); define it once, with all its aliases"))
                }
            }
            for (t, mark) in zip(f.topics, f.topicMarks) {
                let at = mark.map(SourcePosition.init)
                if let first = topics.earlier(t.id, file: f.path, line: at?.line ?? 1) {
                    problems.append(Diagnostic(file: f.path, at: at, message:
                        "topic '\(t.id)' is defined twice (first defined at \(first)); define it once, with all its terms"))
                }
            }
        }
        return problems
    }
}

extension RuleFile {
    /// An entity a rule file defines under a name the shipped gazetteer has: its aliases are added to that entity,
    /// which keeps its type, so a `type` that differs would be quietly overruled (`Jordan` written as a PERSON is
    /// still the country, and `entity:PERSON` never sees it; trial5 finding 43).
    static func overruledTypes(_ files: [RuleFile], known: KnowledgeBase) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for f in files {
            for (e, mark) in zip(f.entities, f.entityTypeMarks) {
                guard let mark, let shipped = known.entity(canonical: e.name), shipped.type != e.type else { continue }
                problems.append(Diagnostic(file: f.path, at: SourcePosition(mark), message:
                    "entity '\(e.name)': the gazetteer has '\(shipped.name)' as \(shipped.type.rawValue), and a rule file adds aliases to it "
                    + "without changing its type, so type \(e.type.rawValue) would be ignored; leave 'type' out to add aliases, "
                    + "or give your \(e.type.rawValue) another name"))
            }
        }
        return problems
    }
}

/// Where each name (an entity's, a topic's, a rule's id) was first defined
/// across the rule files, to report a second definition.
struct FirstDefinitions {
    private var seen: [String: String] = [:]

    /// "file:line" of the first definition of `key`; nil when this is the
    /// first, which is then recorded.
    mutating func earlier(_ key: String, file: String, line: Int) -> String? {
        if let first = seen[key] { return first }
        seen[key] = "\(file):\(line)"
        return nil
    }
}
