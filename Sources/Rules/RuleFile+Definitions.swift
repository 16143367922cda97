import Analysis
import WirewatchCore
import YAMLFiles
import Yams

extension RuleFile {
    /// What is said of a name, alias or term in which the tokenizer finds no word: it could never match.
    static func noWords(_ what: String) -> String { "\(what) has no words to match; letters or digits make words" }

    /// Why the analysis could not use a topic term as the operator means it:
    /// one without words, or with a `*` it would drop or read as a word
    /// break, is otherwise skipped or misread without a word.
    static func termProblem(_ term: String) -> String? {
        let star = term.hasSuffix("*")
        let body = star ? String(term.dropLast()) : term
        let words = Tokenizer.words(body)
        if words.isEmpty { return noWords("term '\(term)'") }
        if body.contains("*") { return "term '\(term)': a '*' goes only at the end of a term, as in 'harbo*'" }
        if star, let last = words.last, last.folded.unicodeScalars.count < TopicScorer.minimumPrefix {
            return "term '\(term)' would match nearly everything; put at least \(TopicScorer.minimumPrefix) letters before '*'"
        }
        return nil
    }

    /// A topic's terms: each a string (weight 1) or, as the shipped
    /// taxonomy writes them, `{term: "export controls", weight: 2.5}`, so a
    /// topic copied from Config/taxonomy.yaml to be edited reads as it did there.
    static func topicTerms(_ r: YAMLReader, _ m: YAMLMapping?, id: String) -> [TopicDefinition.Term] {
        guard let node = m?["terms"] else { return [] }
        var terms: [TopicDefinition.Term] = []
        let what = "topic '\(id)'"
        let items = node.string != nil ? [node] : r.sequence(node, what: "'terms' in \(what)")
        for item in items {
            if let text = item.string {
                if let problem = termProblem(text) { r.report(item, "\(what): \(problem)") }
                terms.append(.init(text))
                continue
            }
            guard item.mapping != nil else {
                r.report(item, "'terms' in \(what) must list terms, each a string or {term: \"…\", weight: 2}")
                continue
            }
            let tm = r.fields(item, what: "a term of \(what)", allowed: ["term", "weight", "near", "within", "unless"])
            let near = tm?["near"].map { nearSides(r, $0, what: what) }
            if near != nil, tm?["term"] != nil { r.report(tm?["near"], "a term of \(what) has 'term' or 'near', not both") }
            guard let text = near.map({ TopicDefinition.Term(near: $0).text }) ?? r.string(tm, "term", what: "a term of \(what)", required: true) else { continue }
            if near == nil, let problem = termProblem(text) { r.report(tm?["term"], "\(what): \(problem)") }
            let within = r.int(tm, "within", what: "a term of \(what)", range: 0...TopicDefinition.Term.maximumWithin)
            if within != nil, near == nil { r.report(tm?["within"], "'within' in a term of \(what) belongs with 'near'") }
            // Each a phrase, or a near phrase as the taxonomy writes them ({near: [[hack*], [golf*]], within: 4}).
            var unless: [String] = [], unlessNear: [TopicDefinition.Term.Near] = []
            for node in r.items(tm, "unless") {
                if let phrase = node.string {
                    if let problem = termProblem(phrase) { r.report(node, "\(what): 'unless' \(problem)") }
                    unless.append(phrase)
                    continue
                }
                guard node.mapping != nil else {
                    r.report(node, "an 'unless' of term '\(text)' of \(what) is a phrase or a near phrase, as in {near: [[hack*], [golf*]], within: 3}")
                    continue
                }
                let um = r.fields(node, what: "an 'unless' of \(what)", allowed: ["near", "within"])
                guard let nearNode = um?["near"] else { r.report(node, "an 'unless' of \(what) needs 'near'"); continue }
                let sides = nearSides(r, nearNode, what: what)
                let w = r.int(um, "within", what: "an 'unless' of \(what)", range: 0...TopicDefinition.Term.maximumWithin)
                if sides.count == 2 { unlessNear.append(.init(sides, within: w ?? TopicDefinition.Term.defaultWithin)) }
            }
            var weight = 1.0
            if let raw = r.string(tm, "weight", what: "term '\(text)' of \(what)") {
                if let v = Double(raw), v > 0, v <= maximumTermWeight { weight = v } else {
                    r.report(tm?["weight"], "\(what): the weight of term '\(text)' must be a number above 0 and at most \(Int(maximumTermWeight)) (got '\(raw)'); the shipped taxonomy weighs terms 0.5 to 2.5")
                }
            }
            if let near, near.count == 2 {
                terms.append(.init(near: near, within: within ?? TopicDefinition.Term.defaultWithin, weight: weight, unless: unless,
                                   unlessNear: unlessNear))
            } else {
                terms.append(.init(text, weight: weight, unless: unless, unlessNear: unlessNear))
            }
        }
        return terms
    }

    /// A near term's two sides, each a list of words or phrases; every problem reported.
    static func nearSides(_ r: YAMLReader, _ node: Node, what: String) -> [[String]] {
        let sides = r.sequence(node, what: "'near' in \(what)")
        guard sides.count == 2 else {
            r.report(node, "'near' in \(what) must be two lists of words, as in near: [[curb*, ban*], [export*]] (got \(sides.count))")
            return []
        }
        return sides.map { side in
            let words = r.sequence(side, what: "a side of 'near' in \(what)").compactMap { w -> String? in
                guard let s = w.string else { r.report(w, "a side of 'near' in \(what) must list words"); return nil }
                if let problem = termProblem(s) { r.report(w, "\(what): \(problem)") }
                return s
            }
            if words.isEmpty { r.report(side, "a side of 'near' in \(what) needs at least one word") }
            return words
        }
    }

    /// A term weighing more than this decides a topic on one mention
    /// whatever the article; the shipped taxonomy's heaviest weigh 2.5.
    static let maximumTermWeight = 10.0

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
