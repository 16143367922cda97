import Foundation
import WirewatchCore
import Yams

/// Loading the shipped data: `taxonomy.yaml` and `gazetteer/*.tsv` in a data
/// directory. Done once at start and on reload, never per article.
extension KnowledgeBase {
    public static func load(dataDirectory: String) throws -> KnowledgeBase {
        let dir = URL(fileURLWithPath: dataDirectory)
        var kb = KnowledgeBase()
        let gazetteer = dir.appendingPathComponent("gazetteer")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: gazetteer.path)) ?? []
        for name in files.sorted() where name.hasSuffix(".tsv") {
            let path = gazetteer.appendingPathComponent(name).path
            let entities = try parseGazetteer(String(contentsOfFile: path, encoding: .utf8), file: path)
            kb.add(entities: entities)
            if name == "countries.tsv" { kb.add(countries: entities.map(\.name)) }
        }
        let givenNames = gazetteer.appendingPathComponent("given-names.txt").path
        if FileManager.default.fileExists(atPath: givenNames) {
            kb.add(givenNames: wordList(try String(contentsOfFile: givenNames, encoding: .utf8)))
        }
        let surnames = gazetteer.appendingPathComponent("surnames.txt").path
        if FileManager.default.fileExists(atPath: surnames) {
            kb.add(surnames: wordList(try String(contentsOfFile: surnames, encoding: .utf8)))
        }
        let taxonomy = dir.appendingPathComponent("taxonomy.yaml").path
        if FileManager.default.fileExists(atPath: taxonomy) {
            kb.add(topics: try parseTaxonomy(String(contentsOfFile: taxonomy, encoding: .utf8), file: taxonomy))
        }
        return kb
    }

    /// One word a line; `#` starts a comment.
    static func wordList(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// `canonical <TAB> TYPE <TAB> alias|alias… [<TAB> cue|dateline]`; `#` starts a comment. The fourth
    /// column says where the text names a place (`NameReading`).
    public static func parseGazetteer(_ text: String, file: String) throws -> [EntityDefinition] {
        var out: [EntityDefinition] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let raw = line.split(separator: "\t", omittingEmptySubsequences: false)
            let cols = raw.map { $0.trimmingCharacters(in: .whitespaces) }
            guard cols.count >= 2, let type = EntityType(rawValue: cols[1]) else {
                throw Diagnostic(file: file, line: n + 1, column: 1, message: "expected 'name<TAB>PERSON|ORG|LOC|MISC<TAB>aliases'")
            }
            // Columns are counted in the line as written, before their spaces are trimmed.
            let column = { (c: Int) in raw[..<c].reduce(1) { $0 + $1.count + 1 } }
            // Trailing tabs are empty columns, as an empty fourth one is.
            guard cols.count <= 4 || cols[4...].allSatisfy(\.isEmpty) else {
                throw Diagnostic(file: file, line: n + 1, column: column(4), message: "unexpected fifth column; a row has at most 'name<TAB>TYPE<TAB>aliases<TAB>cue|dateline'")
            }
            var reading = NameReading.anywhere
            if cols.count > 3, !cols[3].isEmpty {
                guard let r = NameReading(rawValue: cols[3]), r != .anywhere, type == .loc else {
                    throw Diagnostic(file: file, line: n + 1, column: column(3), message: "unexpected fourth column '\(cols[3])'; only a place takes one: 'cue' (named like a person, a place only with a place cue) or 'dateline' (a capital named for its country, this city only in a dateline)")
                }
                reading = r
            }
            let aliases = cols.count > 2 ? cols[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
            out.append(EntityDefinition(name: cols[0], type: type, aliases: aliases, reading: reading))
        }
        return out
    }

    /// `topics: [{id, name, terms: ["term", {term: "x", weight: 2, unless: ["x y", {near: [["x"], ["z*"]], within: 3}]},
    /// {near: [["a*", "b"], ["c*"]], within: 3, weight: 2}]}]`
    public static func parseTaxonomy(_ text: String, file: String) throws -> [TopicDefinition] {
        guard let root = try Yams.compose(yaml: text), let topics = root["topics"]?.sequence else {
            throw Diagnostic(file: file, line: 1, column: 1, message: "expected a 'topics:' list")
        }
        func problem(_ node: Node, _ message: String) -> Diagnostic {
            Diagnostic(file: file, line: node.mark.map { $0.line } ?? 1, column: node.mark.map { $0.column } ?? 1, message: message)
        }
        return try topics.map { node in
            guard let id = node["id"]?.string else { throw problem(node, "topic without an 'id'") }
            func sides(_ near: Node, _ example: String) throws -> [[String]] {
                let sides = (near.sequence ?? []).map { ($0.sequence ?? []).compactMap(\.string) }
                guard sides.count == 2, sides.allSatisfy({ !$0.isEmpty }) else {
                    throw problem(near, "topic '\(id)': 'near' must be two lists of words, as in \(example)")
                }
                return sides
            }
            func within(_ t: Node) throws -> Int {
                guard let w = t["within"] else { return TopicDefinition.Term.defaultWithin }
                guard let n = w.int, (0...TopicDefinition.Term.maximumWithin).contains(n) else {
                    throw problem(w, "topic '\(id)': 'within' must be a whole number from 0 to \(TopicDefinition.Term.maximumWithin)")
                }
                return n
            }
            let terms: [TopicDefinition.Term] = try (node["terms"]?.sequence ?? []).compactMap { t in
                if let s = t.string { return TopicDefinition.Term(s) }
                let weight = t["weight"]?.float ?? 1
                let cancelling = t["unless"]?.sequence ?? []
                let unless = cancelling.compactMap(\.string)
                let unlessNear = try cancelling.filter { $0.string == nil }.map { u in
                    guard let near = u["near"] else {
                        throw problem(u, "topic '\(id)': an 'unless' is a phrase or a near phrase, as in {near: [[hack*], [golf*, fairway]], within: 3}")
                    }
                    return TopicDefinition.Term.Near(try sides(near, "unless: [{near: [[hack*], [golf*, fairway]]}]"), within: try within(u))
                }
                if let s = t["term"]?.string { return TopicDefinition.Term(s, weight: weight, unless: unless, unlessNear: unlessNear) }
                guard let near = t["near"] else { return nil }
                return TopicDefinition.Term(near: try sides(near, "near: [[curb*, ban*], [export*]]"), within: try within(t), weight: weight,
                                            unless: unless, unlessNear: unlessNear)
            }
            return TopicDefinition(id: id, name: node["name"]?.string, terms: terms)
        }
    }
}
