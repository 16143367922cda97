/// `SENTENCE(a, b, …)`: its clauses, in parentheses, separated by commas, each a word, phrase or entity.
extension QueryParser {
    mutating func parseSentence(_ t: QueryToken) -> Query {
        let first = pos - 1
        guard let open = current, open.kind == .lparen else {
            errors.append(QueryError(column: t.column, "'SENTENCE' needs its clauses in parentheses", hint: "as in 'SENTENCE(OpenAI, Microsoft)'"))
            return Self.placeholder
        }
        pos += 1
        var operands: [(Query, Int)] = []
        // `SENTENCE(,a, b)` passed, where `SENTENCE(a, b,)` was refused.
        if let c = current, c.kind == .comma {
            errors.append(QueryError(column: c.column, "a ',' with no clause before it in SENTENCE(…)", hint: "remove it, or add the clause"))
            pos += 1
        }
        repeat {
            if let c = current, c.kind == .comma {
                pos += 1
                if current?.kind == .rparen {
                    errors.append(QueryError(column: c.column, "a ',' with no clause after it in SENTENCE(…)", hint: "remove it, or add the clause"))
                }
            }
            guard let start = current, start.kind != .rparen, start.kind != .comma else { break }
            operands.append((parseOr(), start.column))
        } while current?.kind == .comma
        closeParenthesis(opened: open)
        if tooDeep { return Self.placeholder }
        if operands.count < 2 {
            errors.append(QueryError(column: t.column, "'\(source(since: first))' needs at least two clauses",
                                     hint: "as in 'SENTENCE(OpenAI, Microsoft)'"))
            return Self.placeholder
        }
        for (operand, column) in operands where !operand.isPositional {
            errors.append(QueryError(column: column, "SENTENCE(…) needs words, phrases or entities, not '\(operand.source)'",
                                     hint: "combine it with AND instead"))
        }
        // The title is a sentence of its own: an operand only in the title and one only in the text never meet.
        let positional = operands.filter { $0.0.isPositional }
        if let inTitle = positional.first(where: { $0.0.parts == .title }), let inText = positional.first(where: { $0.0.parts == .text }) {
            let (a, b) = inTitle.1 < inText.1 ? (inTitle, inText) : (inText, inTitle)
            errors.append(QueryError(column: b.1, "'\(source(since: first))' can never hold: '\(a.0.source)' is \(a.0.parts.only!) and '\(b.0.source)' \(b.0.parts.only!), "
                                     + "and the title is a sentence of its own",
                                     hint: "combine them with AND instead"))
        }
        return .sentence(SentenceClause(operands: operands.map(\.0), source: source(since: first)))
    }
}
