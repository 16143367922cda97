import Analysis
import WirewatchCore
import YAMLFiles

/// The clauses the knowledge base answers: `entity:` (a name, an alias or a type) and `topic:` (with a score
/// threshold), each checked against the entities and topics loaded, with a hint for a name it does not know.
extension QueryParser {
    /// `quoted`: the name was written `entity:"…"`.
    mutating func entity(_ value: String, source: String, column: Int, quoted: Bool = false) -> Query {
        if let type = EntityType(rawValue: value) { return .entity(EntityClause(canonical: nil, type: type, source: source)) }
        if value.hasSuffix("*") {
            errors.append(QueryError(column: column, "'entity:' takes a name, not a wildcard ('\(value)')",
                                     hint: "write the entity's name or alias, or '\(value)' without 'entity:' for the words"))
            return Self.placeholder
        }
        let named = knowledge.entities(named: value)
        guard !named.isEmpty else {
            let names = knowledge.entityNames
            // `entity:org` means the type far more often than a place called "Oag".
            // An upper-case word is a type asked for ("entity:MODEL") or an acronym: only an acronym is a
            // near miss worth naming, not whatever name is a few letters away ("Mosul").
            let shouted = value.count > 1 && value.allSatisfy { $0.isUppercase || $0.isNumber }
            let quoted: String? = nameOfSeveralWords(startingWith: value).map { "a name of several words is quoted: did you mean 'entity:\"\($0)\"'?" }
            let hint = EntityType(rawValue: value.uppercased()).map { "entity types are upper case: did you mean 'entity:\($0.rawValue)'?" }
                ?? quoted
                ?? YAMLReader.nearest(value, in: shouted ? names.filter { $0 == $0.uppercased() } : names).map { "did you mean '\($0)'?" }
                ?? (shouted ? "the entity types are PERSON, ORG, LOC and MISC (products and models are MISC); or define '\(value)' under 'entities:' in a rule file"
                            : "define it under 'entities:' in a rule file, or use a type (PERSON, ORG, LOC, MISC)")
            errors.append(QueryError(column: column, "unknown entity '\(value)'", hint: hint, undefined: .entity))
            return Self.placeholder
        }
        // `entity:Meta Platforms` is entity:Meta AND the word "Platforms": valid, and an article that names Meta
        // without that word is missed. A known name that the words side by side make is most likely what was meant.
        if !quoted, let longer = nameOfSeveralWords(startingWith: value) {
            let rest = longer.dropFirst(value.count + 1)
            warnings.append(QueryError(column: column, "'entity:\(longer)' reads as entity:\(value) AND the word\(rest.contains(" ") ? "s" : "") '\(rest)'",
                                       hint: "quote the name, entity:\"\(longer)\", to mean the entity; write 'entity:\(value) AND \(rest)' to mean both"))
        }
        // A name of several entities (a capital that is also its country's alias, an operator's entity
        // named like a gazetteer alias) matches any of them: each clause keeps the name as written, so
        // evidence and explanations say `entity:Beijing`, never which entity it compiled to.
        let clauses = named.map { Query.entity(EntityClause(canonical: $0.name, type: nil, source: source)) }
        return clauses.count == 1 ? clauses[0] : .or(clauses)
    }

    /// `entity:Open AI` reads as `entity:Open AND AI`: the known name that `value` and the words written after it
    /// (up to four in all, one space apart) make, the longest, if any.
    private func nameOfSeveralWords(startingWith value: String) -> String? {
        var name = value
        var found: String?
        var end = pos > 0 ? tokens[pos - 1].column + tokens[pos - 1].length : 0
        for t in tokens[pos..<min(pos + 3, tokens.count)] {
            guard case .word(let w) = t.kind, t.column == end + 1 else { break }
            name += " " + w
            end = t.column + t.length
            if !knowledge.entities(named: name).isEmpty { found = name }
        }
        return found
    }

    mutating func topic(_ value: String, source: String, column: Int) -> Query {
        var id = value
        var minScore = TopicClause.defaultMinScore
        if let gt = value.firstIndex(of: ">") {
            id = String(value[..<gt])
            let threshold = value[value.index(after: gt)...]
            guard let v = Double(threshold), (0...1).contains(v) else {
                let at = column + value.unicodeScalars.distance(from: value.unicodeScalars.startIndex, to: gt.samePosition(in: value.unicodeScalars)!) + 1
                // `>=0.5`: '>' already means "at least" (the score is compared with >=).
                let atLeast = threshold.hasPrefix("=") && Double(threshold.dropFirst()) != nil
                errors.append(QueryError(column: at, "topic score threshold '\(threshold)' is not a number from 0 to 1",
                                         hint: atLeast ? "'>' already means at least: write 'topic:\(id)>\(threshold.dropFirst())'" : "as in 'topic:\(id)>0.5'"))
                return Self.placeholder
            }
            minScore = v
        } else if let lt = value.firstIndex(of: "<"), knowledge.topic(id: String(value[..<lt])) != nil {
            // `topic:crypto<0.5` was "unknown topic 'crypto<0.5'": the topic is known, the '<' is what is not.
            let known = String(value[..<lt])
            let at = column + value.unicodeScalars.distance(from: value.unicodeScalars.startIndex, to: lt.samePosition(in: value.unicodeScalars)!)
            errors.append(QueryError(column: at, "'<' is not a topic threshold: 'topic:\(known)>x' asks for a score of at least x",
                                     hint: "for articles that score below x, exclude it: 'NOT topic:\(known)\(value[value.index(after: lt)...].isEmpty ? "" : ">" + value[value.index(after: lt)...])'"))
            return Self.placeholder
        }
        guard knowledge.topic(id: id) != nil else {
            let hint = YAMLReader.nearest(id, in: knowledge.topics.map(\.id)).map { "did you mean '\($0)'?" } ?? "define it under 'topics:' in a rule file"
            errors.append(QueryError(column: column, "unknown topic '\(id)'", hint: hint, undefined: .topic))
            return Self.placeholder
        }
        return .topic(TopicClause(id: id, minScore: minScore, source: source, thresholdWritten: value.contains(">")))
    }
}
