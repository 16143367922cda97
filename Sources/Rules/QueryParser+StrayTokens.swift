/// What is said of a token where no clause can start (a ')', a ',', an operator with nothing on its left).
extension QueryParser {
    /// A ',' where no SENTENCE(…) lists clauses, at token `i`: between digits (`1,000`), a number to quote.
    func strayComma(at i: Int) -> QueryError {
        let t = tokens[i]
        func digits(_ k: Int) -> String? {
            guard tokens.indices.contains(k), case .word(let w) = tokens[k].kind, !w.isEmpty, w.allSatisfy(\.isNumber) else { return nil }
            return w
        }
        if let before = digits(i - 1), let after = digits(i + 1),
           tokens[i - 1].column + tokens[i - 1].length == t.column, t.column + 1 == tokens[i + 1].column {
            return QueryError(column: tokens[i - 1].column, "unexpected ',' in '\(before),\(after)'",
                              hint: "quote a number written with commas: '\"\(before),\(after)\"'")
        }
        return QueryError(column: t.column, "unexpected ','", hint: "a comma only separates the clauses of SENTENCE(…); for either, write OR")
    }

    /// The hint for a NEAR or ONEAR without a distance that lacks a clause beside it: most likely the word.
    static func nearAsWord(_ op: String) -> String {
        "to search for the word, quote it (\"\(op)\"); the operator is written \(op.uppercased())/5, between two clauses"
    }

    /// Why a clause cannot start at `t`, if it cannot.
    func cannotStart(_ t: QueryToken) -> QueryError? {
        switch t.kind {
        case .rparen: QueryError(column: t.column, "unbalanced ')': no '(' opens it", hint: "remove it or add a '(' before it")
        case .comma: strayComma(at: pos)
        case .near(nil, _) where !source(t).contains("/"): QueryError(column: t.column, "'\(source(t))' needs a clause on its left", hint: Self.nearAsWord(source(t)))
        case .and, .or, .near: QueryError(column: t.column, "'\(source(t))' needs a clause on its left", hint: "put a word or phrase before it")
        default: nil
        }
    }
}
