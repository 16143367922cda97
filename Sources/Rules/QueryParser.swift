import Analysis
import WirewatchCore

/// Parses the query language (grammar in docs/rules.md) and resolves entity
/// and topic names against the knowledge base. It does not stop at the first
/// problem: it notes it, recovers, and goes on, so an operator sees them all.
///
///     query    = or
///     or       = and { "OR" and }
///     and      = unary { ["AND"] unary }
///     unary    = ("NOT" | "-") unary | near
///     near     = primary { ("NEAR/" n | "ONEAR/" n) primary }
///     primary  = "(" or ")" | "SENTENCE" "(" or { "," or } ")" | [field ":"] (word | phrase)
package struct QueryParser {
    let tokens: [QueryToken]
    let query: ScalarText
    let knowledge: KnowledgeBase
    /// The config's feeds, when known: a `source:` that names none of them and is no host is warned of.
    var feeds: FeedNames? = nil
    var pos = 0
    var errors: [QueryError] = []
    /// What the query says that it most likely does not mean, though it is valid (`China or Taiwan`):
    /// `check` prints them and the rule runs as written.
    var warnings: [QueryError] = []
    /// How many groups, NOTs, NEARs and SENTENCEs enclose the clause being read.
    var depth = 0
    /// Set when `depth` passed `maximumDepth`: the rest of the query is skipped, and the groups left open are not reported.
    var tooDeep = false

    static let fields = ["title", "text", "url", "author", "category", "source", "lang", "entity", "topic", "case"]
    /// A wildcard needs this many characters before its `*`.
    static let minimumPrefix = 3
    /// What a failed clause becomes, so parsing can go on: it never matches.
    static let placeholder = Query.or([])
    /// No one means a query nested deeper; and the parser, the compiler and the
    /// evaluator recurse on nesting, so thousands of levels overflowed the stack.
    static let maximumDepth = 64
    /// The farthest NEAR/ONEAR reaches, in words. A news article runs 300 to
    /// 1,500 words: two words 1,000 apart are "both in the article", which
    /// AND says. Unbounded, a pasted extra digit (NEAR/2147483648) overflowed
    /// the compiled program's 32-bit operand and crashed check and the daemon.
    static let maximumDistance = 1000

    /// The query, or every problem found in it; and what it most likely does not mean (`warnings`).
    package static func parse(_ query: String, knowledge: KnowledgeBase, feeds: FeedNames? = nil) -> (query: Query?, errors: [QueryError], warnings: [QueryError]) {
        var errors: [QueryError] = []
        let text = ScalarText(TypedSyntax.normalised(query))
        let tokens = QueryLexer.lex(text, errors: &errors)
        guard !tokens.isEmpty else {
            return (nil, [QueryError(column: 1, "empty query", hint: "write what to look for, e.g. '\"export controls\" AND China'")], [])
        }
        var p = QueryParser(tokens: tokens, query: text, knowledge: knowledge, feeds: feeds, errors: errors)
        var parts = [p.parseOr()]
        while let t = p.current {
            // An operator left over here followed one that lacked its right clause (`a AND AND b`),
            // which is reported: skip the run of them, and read on.
            if t.kind == .and || t.kind == .or {
                while let next = p.current, next.kind == .and || next.kind == .or { p.pos += 1 }
                if p.current != nil { parts.append(p.parseOr()) }
                continue
            }
            // Else only a stray ')' or ',' stops `parseOr` early: report it, skip it, read on.
            p.errors.append(t.kind == .comma
                ? p.strayComma(at: p.pos)
                : QueryError(column: t.column, "unbalanced ')': no '(' opens it", hint: "remove it or add a '(' before it"))
            p.pos += 1
            // What follows is read as if the stray token were not there.
            if let next = p.current, next.kind == .or || next.kind == .and { p.pos += 1 }
            if p.current != nil { parts.append(p.parseOr()) }
        }
        let q = (parts.count == 1 ? parts[0] : .and(parts)).withoutDoubleExclusions
        if p.errors.isEmpty, !q.hasPositiveClause {
            if let side = q.exclusionOnlyAlternative, q.containsPositiveClause {
                // `OpenAI OR NOT weather` requires something, but fires on every article without 'weather'.
                p.errors.append(QueryError(column: 1, "the query '\(query)' matches every article that lacks what one side of its OR excludes ('\(side.source)')",
                                           hint: "give each side of OR a clause that must be present, e.g. 'OpenAI OR (Microsoft NOT weather)'"))
            } else {
                p.errors.append(QueryError(column: 1, "the query '\(query)' only excludes (NOT …)",
                                           hint: "add a clause that must be present, e.g. 'DeepSeek NOT weather'"))
            }
        }
        return p.errors.isEmpty ? (q, [], p.warnings) : (nil, p.errors, p.warnings)
    }

    var current: QueryToken? { pos < tokens.count ? tokens[pos] : nil }

    func source(_ t: QueryToken) -> String { text(from: t.column - 1, to: t.column - 1 + t.length) }

    /// The query's text from scalar `a` to `b`, on one line: a query written as a YAML block scalar
    /// keeps its line breaks, which broke `rules test`'s one line per rule and stayed in the alert
    /// record's `why[].clause` (trial4 finding 36).
    func text(from a: Int, to b: Int) -> String {
        let s = query.text(a, b)
        guard s.contains(where: \.isNewline) else { return s }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The query text of tokens `first..<pos`: the source of a compound clause.
    func source(since first: Int) -> String {
        guard first < pos else { return "" }
        let last = tokens[pos - 1]
        return text(from: tokens[first].column - 1, to: last.column - 1 + last.length)
    }

    /// True when nothing that can start a clause follows.
    private var atClauseEnd: Bool {
        guard let t = current else { return true }
        switch t.kind {
        case .rparen, .comma, .or, .and: return true
        default: return false
        }
    }

    private mutating func needsRight(_ t: QueryToken, example: String) {
        errors.append(QueryError(column: t.column, "'\(source(t))' needs a clause on its right", hint: "as in '\(example)'"))
    }

    mutating func parseOr() -> Query {
        var spans = [pos]
        let (first, juxtaposed) = parseAnd()
        var parts = [first]
        var sideBySide = [juxtaposed]
        while let t = current, t.kind == .or {
            spans.append(pos)
            pos += 1
            if atClauseEnd { needsRight(t, example: "DeepSeek OR OpenAI"); break }
            let (part, juxtaposed) = parseAnd()
            parts.append(part)
            sideBySide.append(juxtaposed)
        }
        spans.append(pos)
        if parts.count > 1, sideBySide.contains(true) { warnPrecedence(spans, sideBySide) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    /// The clauses joined by AND, and whether any two were side by side with no AND between them.
    mutating func parseAnd() -> (Query, juxtaposed: Bool) {
        var parts = [parseUnary()]
        var juxtaposed = false
        while let t = current {
            if t.kind == .and {
                pos += 1
                if atClauseEnd { needsRight(t, example: "DeepSeek AND distillation"); break }
            } else if t.kind == .or || t.kind == .rparen || t.kind == .comma {
                break
            } else {
                juxtaposed = true
            }
            parts.append(parseUnary())
        }
        return (parts.count == 1 ? parts[0] : .and(parts), juxtaposed)
    }

    mutating func parseUnary() -> Query {
        guard let t = current, t.kind == .not || t.kind == .minus else { return parseNear() }
        pos += 1
        // `--weather` and `NOT NOT weather` require "weather": a slip, not a wish (trial4 finding 3). Unreported,
        // `rain NOT NOT storm` ran as `rain storm`, and `NOT NOT storm` was said to only exclude.
        // Said once for a chain of them, at its start.
        let inChain = pos >= 2 && (tokens[pos - 2].kind == .not || tokens[pos - 2].kind == .minus)
        if !inChain, let next = current, next.kind == .not || next.kind == .minus {
            errors.append(t.kind == .minus && next.kind == .minus && next.column == t.column + 1
                ? QueryError(column: t.column, "'--' excludes the exclusion, so it requires what follows",
                             hint: "write one '-' to exclude it")
                : QueryError(column: t.column, "'\(source(t)) \(source(next))' excludes the exclusion, so it requires what follows",
                             hint: "write one '\(source(t))' to exclude it, or neither to require it"))
        }
        if atClauseEnd {
            errors.append(QueryError(column: t.column, "'\(source(t))' needs a clause to exclude", hint: "as in 'DeepSeek NOT weather'"))
            return Self.placeholder
        }
        guard enter(t) else { return Self.placeholder }
        defer { depth -= 1 }
        return .not(parseUnary())
    }

    /// One level deeper, at `t`; false (once reported, the rest of the query skipped) past `maximumDepth`.
    private mutating func enter(_ t: QueryToken) -> Bool {
        guard depth < Self.maximumDepth else {
            if !tooDeep {
                errors.append(QueryError(column: t.column, "the query nests more than \(Self.maximumDepth) deep (parentheses, NOT, NEAR, SENTENCE)",
                                         hint: "write it flatter: 'a AND b AND c' and 'a OR b OR c' need no parentheses"))
            }
            tooDeep = true
            pos = tokens.count
            return false
        }
        depth += 1
        return true
    }

    mutating func parseNear() -> Query {
        let first = pos
        var left = parsePrimary()
        // Each NEAR nests the clause before it one level deeper.
        let outer = depth
        defer { depth = outer }
        while let t = current, case .near(let distance, let ordered) = t.kind {
            guard enter(t) else { return Self.placeholder }
            pos += 1
            let op = source(t)
            if current == nil || atClauseEnd {
                if distance == nil, !op.contains("/") {
                    errors.append(QueryError(column: t.column, "'\(op)' needs a clause on its right", hint: Self.nearAsWord(op)))
                } else {
                    needsRight(t, example: "DeepSeek \(ordered ? "ONEAR" : "NEAR")/5 distillation")
                }
                return Self.placeholder
            }
            let rightStart = current!.column
            let right = parsePrimary()
            guard let distance else {
                errors.append(QueryError(column: t.column, "'\(op)' needs a distance in words",
                                         hint: "write \(ordered ? "ONEAR" : "NEAR")/5 for at most 5 words apart"
                                            + (op.contains("/") ? "" : ", or quote it (\"\(op)\") to search for the word")))
                left = Self.placeholder
                continue
            }
            guard distance <= Self.maximumDistance else {
                errors.append(QueryError(column: t.column, "'\(op)' is farther than \(ordered ? "ONEAR" : "NEAR") reaches: at most \(Self.maximumDistance) words apart",
                                         hint: "for both anywhere in the article, combine them with AND"))
                left = Self.placeholder
                continue
            }
            for (operand, column) in [(left, tokens[first].column), (right, rightStart)] where !operand.isPositional {
                errors.append(QueryError(column: column, "'\(op)' needs words, phrases or entities on both sides, not '\(operand.source)'",
                                         hint: "combine it with AND instead"))
            }
            if left.isPositional, right.isPositional, let l = left.parts.only, let r = right.parts.only, l != r {
                errors.append(QueryError(column: t.column, "'\(source(since: first))' can never hold: '\(left.source)' is \(l) and '\(right.source)' \(r), "
                                         + "and \(ordered ? "ONEAR" : "NEAR") counts words within the title or within the text",
                                         hint: "combine them with AND instead"))
            }
            left = .near(NearClause(left: left, right: right, distance: distance, ordered: ordered, source: source(since: first)))
        }
        return left
    }

    mutating func parsePrimary() -> Query {
        // Tokens that cannot start a clause are reported and skipped, in a loop: a run of them is not nesting.
        while let t = current, let problem = cannotStart(t) {
            errors.append(problem)
            pos += 1
            // A NEAR where a clause should be is most likely the word (the NEAR token, `Solana OR NEAR`): a clause
            // that failed, so that what follows reads on, not as false errors of unbalanced parentheses.
            if case .near = t.kind { return Self.placeholder }
            if current == nil { return Self.placeholder }
        }
        guard let t = current else {
            errors.append(QueryError(column: query.count + 1, "the query ends where a clause is expected", hint: "complete or remove the last operator"))
            return Self.placeholder
        }
        pos += 1
        switch t.kind {
        case .lparen:
            if let close = current, close.kind == .rparen {
                pos += 1
                errors.append(QueryError(column: t.column, "empty parentheses '()'", hint: "put a clause inside or remove them"))
                return Self.placeholder
            }
            guard enter(t) else { return Self.placeholder }
            defer { depth -= 1 }
            var inner = parseOr()
            // `(OpenAI, Microsoft)`: the comma is the mistake, and the group reads on to its ')' (its parts as alternatives). Stopped at the
            // comma, it was reported with a false "unbalanced '('" and "unbalanced ')'" (exploratory finding).
            while let c = current, c.kind == .comma {
                errors.append(strayComma(at: pos))
                pos += 1
                if let next = current, next.kind != .rparen, next.kind != .comma { inner = .or([inner, parseOr()]) }
            }
            closeParenthesis(opened: t)
            return inner
        case .sentence:
            guard enter(t) else { return Self.placeholder }
            defer { depth -= 1 }
            return parseSentence(t)
        case .word(let w):
            if let warning = Self.lowerCaseOperator(w, column: t.column) { warnings.append(warning) }
            return term(words: w, field: .any, caseSensitive: false, source: source(t), column: t.column, quoted: false)
        case .phrase(let p):
            return term(words: p, field: .any, caseSensitive: false, source: source(t), column: t.column + 1, quoted: true)
        case .field(let name):
            return parseScoped(t, name: name)
        case .not, .minus:
            guard enter(t) else { return Self.placeholder }
            defer { depth -= 1 }
            return .not(parseUnary())
        case .rparen, .comma, .and, .or, .near:
            return Self.placeholder  // reported above
        }
    }

    mutating func closeParenthesis(opened t: QueryToken) {
        if tooDeep { return }
        if let close = current, close.kind == .rparen {
            pos += 1
        } else {
            errors.append(QueryError(column: t.column, "unbalanced '(': no ')' closes it", hint: "add ')' where the group ends"))
        }
    }
}
