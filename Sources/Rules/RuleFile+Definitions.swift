import Analysis
import WirewatchCore

extension RuleFile {
    /// Why the analysis could not use a topic term as the operator means it:
    /// one without words, or with a `*` it would drop or read as a word
    /// break, is otherwise skipped or misread without a word.
    static func termProblem(_ term: String) -> String? {
        let star = term.hasSuffix("*")
        let body = star ? String(term.dropLast()) : term
        let words = Tokenizer.words(body)
        if words.isEmpty { return "term '\(term)' has no words to match; letters or digits make words" }
        if body.contains("*") { return "term '\(term)': a '*' goes only at the end of a term, as in 'harbo*'" }
        if star, let last = words.last, last.folded.unicodeScalars.count < TopicScorer.minimumPrefix {
            return "term '\(term)' would match nearly everything; put at least \(TopicScorer.minimumPrefix) letters before '*'"
        }
        return nil
    }

    /// An entity or topic defined twice in the rule files: the second would
    /// quietly be merged into (an entity) or replace (a topic) the first.
    /// Extending the shipped gazetteer or taxonomy, once, is what rule files are for.
    static func definitionProblems(_ files: [RuleFile]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var entities: [String: (String, Int)] = [:]
        var topics: [String: (String, Int)] = [:]
        for f in files {
            for (e, mark) in zip(f.entities, f.entityMarks) {
                let line = mark?.line ?? 1
                if let (file, first) = entities[TextFolding.fold(e.name)] {
                    problems.append(Diagnostic(file: f.path, line: line, column: mark?.column ?? 1, message:
                        "entity '\(e.name)' is defined twice (first defined at \(file):\(first)); define it once, with all its aliases"))
                } else {
                    entities[TextFolding.fold(e.name)] = (f.path, line)
                }
            }
            for (t, mark) in zip(f.topics, f.topicMarks) {
                let line = mark?.line ?? 1
                if let (file, first) = topics[t.id] {
                    problems.append(Diagnostic(file: f.path, line: line, column: mark?.column ?? 1, message:
                        "topic '\(t.id)' is defined twice (first defined at \(file):\(first)); define it once, with all its terms"))
                } else {
                    topics[t.id] = (f.path, line)
                }
            }
        }
        return problems
    }
}
