import WirewatchCore
import YAMLFiles
import Yams

/// Topics read from YAML. The shipped taxonomy and a rule file's `topics:` are
/// written alike (a topic copied from Config/taxonomy.yaml into a rule file to
/// be edited reads as it did there) and read by this one reader, which reports
/// every problem: the taxonomy's own reader used to pass over unknown keys, a
/// weight it could not read and terms of no known shape without a word.
extension TopicDefinition {
    /// The topics listed at `node` (a `topics:` list), each with where it is written.
    public static func list(_ r: YAMLReader, _ node: Node?) -> [(topic: TopicDefinition, mark: Mark?)] {
        var topics: [(topic: TopicDefinition, mark: Mark?)] = []
        for node in r.sequence(node, what: "'topics'") {
            let m = r.fields(node, what: "a topic", allowed: ["id", "name", "terms"])
            guard let id = r.string(m, "id", what: "a topic", required: true) else { continue }
            let terms = Self.terms(r, m, id: id)
            if terms.isEmpty && m?["terms"].map({ $0.sequence?.isEmpty ?? false }) ?? true {
                r.report(node, "topic '\(id)' needs at least one entry under 'terms'")
            }
            topics.append((TopicDefinition(id: id, name: r.string(m, "name", what: "topic '\(id)'"), terms: terms), node.mark))
        }
        return topics
    }

    /// What is said of a name, alias or term in which the tokenizer finds no word: it could never match.
    public static func noWords(_ what: String) -> String { "\(what) has no words to match; letters or digits make words" }

    /// Why the analysis could not use a topic term as the operator means it:
    /// one without words, or with a `*` it would drop or read as a word
    /// break, is otherwise skipped or misread without a word.
    public static func termProblem(_ term: String) -> String? {
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

    /// A term weighing more than this decides a topic on one mention
    /// whatever the article; the shipped taxonomy's heaviest weigh 2.5.
    public static let maximumTermWeight = 10.0

    /// A topic's terms: each a string (weight 1) or, as the shipped
    /// taxonomy writes them, `{term: "export controls", weight: 2.5}`.
    static func terms(_ r: YAMLReader, _ m: YAMLMapping?, id: String) -> [Term] {
        guard let node = m?["terms"] else { return [] }
        var terms: [Term] = []
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
            guard let text = near.map({ Term(near: $0).text }) ?? r.string(tm, "term", what: "a term of \(what)", required: true) else { continue }
            if near == nil, let problem = termProblem(text) { r.report(tm?["term"], "\(what): \(problem)") }
            let within = r.int(tm, "within", what: "a term of \(what)", range: 0...Term.maximumWithin)
            if within != nil, near == nil { r.report(tm?["within"], "'within' in a term of \(what) belongs with 'near'") }
            let (unless, unlessNear) = cancellations(r, tm, term: text, what: what)
            var weight = 1.0
            if let raw = r.string(tm, "weight", what: "term '\(text)' of \(what)") {
                if let v = Double(raw), v > 0, v <= maximumTermWeight { weight = v } else {
                    r.report(tm?["weight"], "\(what): the weight of term '\(text)' must be a number above 0 and at most \(Int(maximumTermWeight)) (got '\(raw)'); the shipped taxonomy weighs terms 0.5 to 2.5")
                }
            }
            if let near, near.count == 2 {
                terms.append(.init(near: near, within: within ?? Term.defaultWithin, weight: weight, unless: unless, unlessNear: unlessNear))
            } else {
                terms.append(.init(text, weight: weight, unless: unless, unlessNear: unlessNear))
            }
        }
        return terms
    }

    /// A term's `unless`: each a phrase, or a near phrase ({near: [[hack*], [golf*]], within: 4}).
    private static func cancellations(_ r: YAMLReader, _ tm: YAMLMapping?, term text: String, what: String) -> ([String], [Term.Near]) {
        var unless: [String] = [], unlessNear: [Term.Near] = []
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
            let w = r.int(um, "within", what: "an 'unless' of \(what)", range: 0...Term.maximumWithin)
            if sides.count == 2 { unlessNear.append(.init(sides, within: w ?? Term.defaultWithin)) }
        }
        return (unless, unlessNear)
    }

    /// A near term's two sides, each a list of words or phrases; every problem reported.
    private static func nearSides(_ r: YAMLReader, _ node: Node, what: String) -> [[String]] {
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
}
