import Foundation
import WirewatchCore
import YAMLFiles

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
    /// {near: [["a*", "b"], ["c*"]], within: 3, weight: 2}]}]`, read as a rule file's topics are (`TopicDefinition.list`);
    /// the first problem is thrown, at its file, line and column.
    public static func parseTaxonomy(_ text: String, file: String) throws -> [TopicDefinition] {
        let yaml = try YAMLFile(path: file, text: text)
        let r = YAMLReader(yaml)
        let top = r.fields(yaml.root, what: "a taxonomy", allowed: ["topics"])
        guard let list = top?["topics"] else {
            throw r.diagnostics.first ?? Diagnostic(file: file, line: 1, column: 1, message: "expected a 'topics:' list")
        }
        let topics = TopicDefinition.list(r, list)
        if let first = r.diagnostics.first { throw first }
        // A second definition would quietly replace the first.
        var seen: [String: Int] = [:]
        for (topic, mark) in topics {
            if let first = seen[topic.id] {
                throw Diagnostic(file: file, at: mark.map(SourcePosition.init), message:
                    "topic '\(topic.id)' is defined twice (first defined at \(file):\(first)); define it once, with all its terms")
            }
            seen[topic.id] = mark.map { $0.line } ?? 1
        }
        return topics.map(\.topic)
    }
}
