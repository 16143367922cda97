import Analysis
import WirewatchCore
import YAMLFiles

/// Parses the query language (grammar in docs/rules.md) and resolves entity
/// and topic names against the knowledge base.
///
///     query   = or
///     or      = and { "OR" and }
///     and     = unary { ["AND"] unary }
///     unary   = ("NOT" | "-") unary | primary
///     primary = "(" or ")" | [field ":"] (word | phrase)
struct QueryParser {
    private let tokens: [QueryToken]
    private let text: [Character]
    private let knowledge: KnowledgeBase
    private var pos = 0

    static let fields = ["title", "text", "url", "author", "category", "source", "lang", "entity", "topic", "case"]
    /// A wildcard needs this many characters before its `*`.
    static let minimumPrefix = 3

    static func parse(_ query: String, knowledge: KnowledgeBase) throws(QuerySyntaxError) -> Query {
        let tokens = try QueryLexer.lex(query)
        guard !tokens.isEmpty else { throw QuerySyntaxError(column: 1, message: "empty query") }
        var p = QueryParser(tokens: tokens, text: Array(query), knowledge: knowledge)
        let q = try p.parseOr()
        if p.pos < tokens.count {
            let t = tokens[p.pos]
            throw QuerySyntaxError(column: t.column, message: t.kind == .rparen ? "unbalanced ')': no '(' opens it" : "unexpected '\(p.source(t))'")
        }
        if !q.hasPositiveClause {
            throw QuerySyntaxError(column: 1, message: "the query only excludes (NOT …): add a clause that must be present")
        }
        return q
    }

    private init(tokens: [QueryToken], text: [Character], knowledge: KnowledgeBase) {
        self.tokens = tokens
        self.text = text
        self.knowledge = knowledge
    }

    private func source(_ t: QueryToken) -> String { String(text[(t.column - 1)..<min(text.count, t.column - 1 + t.length)]) }

    private var current: QueryToken? { pos < tokens.count ? tokens[pos] : nil }

    private mutating func parseOr() throws(QuerySyntaxError) -> Query {
        var parts = [try parseAnd()]
        while let t = current, t.kind == .or {
            pos += 1
            guard current != nil else { throw QuerySyntaxError(column: t.column, message: "'OR' needs a clause on its right") }
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func parseAnd() throws(QuerySyntaxError) -> Query {
        var parts = [try parseUnary()]
        while let t = current {
            if t.kind == .and {
                pos += 1
                guard current != nil else { throw QuerySyntaxError(column: t.column, message: "'AND' needs a clause on its right") }
            } else if t.kind == .or || t.kind == .rparen {
                break
            }
            parts.append(try parseUnary())
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private mutating func parseUnary() throws(QuerySyntaxError) -> Query {
        guard let t = current else { throw QuerySyntaxError(column: text.count + 1, message: "the query ends where a clause is expected") }
        if t.kind == .not || t.kind == .minus {
            pos += 1
            guard current != nil else { throw QuerySyntaxError(column: t.column, message: "'\(source(t))' needs a clause to exclude") }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(QuerySyntaxError) -> Query {
        guard let t = current else { throw QuerySyntaxError(column: text.count + 1, message: "the query ends where a clause is expected") }
        pos += 1
        switch t.kind {
        case .lparen:
            let inner = try parseOr()
            guard let close = current, close.kind == .rparen else {
                throw QuerySyntaxError(column: t.column, message: "unbalanced '(': no ')' closes it")
            }
            pos += 1
            return inner
        case .word(let w):
            return try term(words: w, field: .any, caseSensitive: false, source: source(t), column: t.column)
        case .phrase(let p):
            return try term(words: p, field: .any, caseSensitive: false, source: source(t), column: t.column)
        case .field(let name):
            guard let value = current else { throw QuerySyntaxError(column: t.column, message: "'\(name):' needs a value after it") }
            let raw: String
            switch value.kind {
            case .word(let w): raw = w
            case .phrase(let p): raw = p
            default: throw QuerySyntaxError(column: value.column, message: "'\(name):' needs a word or a \"phrase\" after it")
            }
            pos += 1
            let src = source(t) + source(value)
            return try scoped(field: name, value: raw, source: src, column: t.column, valueColumn: value.column)
        case .rparen:
            throw QuerySyntaxError(column: t.column, message: "unbalanced ')': no '(' opens it")
        case .and, .or:
            throw QuerySyntaxError(column: t.column, message: "'\(source(t))' needs a clause on its left")
        case .not, .minus:
            throw QuerySyntaxError(column: t.column, message: "unexpected '\(source(t))'")
        }
    }

    private func scoped(field: String, value: String, source: String, column: Int, valueColumn: Int) throws(QuerySyntaxError) -> Query {
        switch field {
        case "entity":
            if let type = EntityType(rawValue: value) { return .entity(EntityClause(canonical: nil, type: type, source: source)) }
            guard let e = knowledge.entity(named: value) else {
                throw QuerySyntaxError(column: valueColumn, message: "unknown entity '\(value)': define it under 'entities:' in a rule file, or use a type (PERSON, ORG, LOC, MISC)")
            }
            return .entity(EntityClause(canonical: e.name, type: nil, source: source))
        case "topic":
            var id = value
            var minScore = 0.0
            if let gt = value.firstIndex(of: ">") {
                id = String(value[..<gt])
                guard let v = Double(value[value.index(after: gt)...]), (0...1).contains(v) else {
                    throw QuerySyntaxError(column: valueColumn, message: "topic score threshold must be a number from 0 to 1, as in topic:\(id)>0.5")
                }
                minScore = v
            }
            guard knowledge.topic(id: id) != nil else {
                let hint = YAMLReader.nearest(id, in: knowledge.topics.map(\.id)).map { "; did you mean '\($0)'?" } ?? "; define it under 'topics:' in a rule file"
                throw QuerySyntaxError(column: valueColumn, message: "unknown topic '\(id)'\(hint)")
            }
            return .topic(TopicClause(id: id, minScore: minScore, source: source))
        case "case":
            return try term(words: value, field: .any, caseSensitive: true, source: source, column: valueColumn)
        default:
            guard let f = TextField(rawValue: field), f != .any else {
                let hint = YAMLReader.nearest(field, in: Self.fields).map { "; did you mean '\($0):'?" } ?? "; fields are \(Self.fields.map { $0 + ":" }.joined(separator: " "))"
                throw QuerySyntaxError(column: column, message: "unknown field '\(field):'\(hint)")
            }
            return try term(words: value, field: f, caseSensitive: false, source: source, column: valueColumn)
        }
    }

    private func term(words raw: String, field: TextField, caseSensitive: Bool, source: String, column: Int) throws(QuerySyntaxError) -> Query {
        var words: [TermClause.Word] = []
        for piece in raw.split(whereSeparator: { $0.isWhitespace }) {
            let prefix = piece.hasSuffix("*")
            let stem = prefix ? String(piece.dropLast()) : String(piece)
            let parts = caseSensitive ? Tokenizer.tokenize(stem).tokens.map(\.text) : Tokenizer.foldedWords(stem)
            if prefix, parts.last.map({ $0.count < Self.minimumPrefix }) ?? true {
                throw QuerySyntaxError(column: column, message: "wildcard '\(piece)' would match nearly everything: put at least \(Self.minimumPrefix) letters before '*'")
            }
            for (k, p) in parts.enumerated() { words.append(.init(text: p, prefix: prefix && k == parts.count - 1)) }
        }
        guard !words.isEmpty else { throw QuerySyntaxError(column: column, message: "'\(source)' has no words to match") }
        return .term(TermClause(words: words, field: field, caseSensitive: caseSensitive, source: source))
    }
}

extension Query {
    /// False when every path through the query is an exclusion.
    var hasPositiveClause: Bool {
        switch self {
        case .term, .entity, .topic: return true
        case .not: return false
        case .and(let parts): return parts.contains { $0.hasPositiveClause }
        case .or(let parts): return parts.allSatisfy { $0.hasPositiveClause }
        }
    }
}
