import Analysis

/// Words that are operators written the wrong way. Each is a word to search
/// for by the grammar, and so was checked as fine and silently matched
/// something else (trial4 findings 10 and 16): one error, with what to write.
extension QueryParser {
    static func lookalikeOperator(_ raw: String, column: Int) -> QueryError? {
        let upper = raw.uppercased()
        // `near/5`, `Near/5`, `Onear/5`, `NEAR5`, `near5`.
        for op in ["ONEAR", "NEAR"] where upper.hasPrefix(op) {
            var rest = upper.dropFirst(op.count)
            let slash = rest.first == "/"
            if slash { rest = rest.dropFirst() }
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else { break }
            return QueryError(column: column, "'\(raw)' looks like an operator written \(slash ? "in lower case" : "without its '/'")",
                              hint: "write \(op)/\(rest), or quote it to search for the words")
        }
        // `a||b`, `a&&b`: searched as the phrase "a b".
        for (op, name) in [("||", "OR"), ("&&", "AND")] where raw.contains(op) {
            // Spaces around each '||' as written: 'a ||b' is 'a || b', not 'b' (review of querylang, 15).
            let spaced = raw.replacingOccurrences(of: op, with: " \(op) ").split(separator: " ").joined(separator: " ")
            return QueryError(column: column, "'\(raw)' holds '\(op)' without spaces around it, so it is searched as words",
                              hint: "write '\(spaced)' for \(name), or quote it to search for the words")
        }
        // `topic:x >0.5`: the threshold, spaced off its topic, was the word "0.5" required beside the topic at its
        // default threshold (trial7 finding N2). So `>=0.5`, `<0.5`.
        if let mark = raw.unicodeScalars.first, mark == ">" || mark == "<" || mark == "=" {
            return QueryError(column: column, "'\(raw)' is searched as a word: a topic's threshold goes right after its id, with no space",
                              hint: "write topic:ID>\(raw.drop { $0 == ">" || $0 == "<" || $0 == "=" }) (at least that score), or quote it to search for the text")
        }
        // `OR-b`, `AND-b`, `NOT-b`: the phrase "or b".
        for op in ["AND", "OR", "NOT"] where raw.hasPrefix(op + "-") && raw.count > op.count + 1 {
            return QueryError(column: column, "'\(raw)' is searched as words, not as the operator '\(op)'",
                              hint: "put a space after '\(op)', or quote it to search for the words")
        }
        return nil
    }

    /// Other search tools' operators, pasted: `!weather` (Lucene's NOT), `w/5` and `pre/5` (LexisNexis, Factiva,
    /// dtSearch), `/5` and `/s` (Westlaw), `~5` (Lucene's proximity, after a phrase) and `Microsoft~` (its fuzzy
    /// search), `Micro?oft` (a one-letter wildcard). Each was searched as its words, the symbol dropped: `!weather`
    /// required "weather", and `DeepSeek w/5 OpenAI` the words "w" and "5", and `check` said nothing.
    static func otherToolsSyntax(_ raw: String, column: Int) -> QueryError? {
        let scalars = Array(raw.unicodeScalars)
        guard let first = scalars.first else { return nil }
        if first == "!" {
            let rest = String(String.UnicodeScalarView(scalars.drop { $0 == "!" }))
            guard !rest.isEmpty else {
                return QueryError(column: column, "'\(raw)' is not an operator here", hint: "write NOT (or '-') to exclude what follows")
            }
            return QueryError(column: column, "'\(raw)' is searched as '\(rest)': '!' is not an operator here",
                              hint: "write NOT \(rest) (or -\(rest)) to exclude it, or quote it to search for the text")
        }
        let upper = raw.uppercased()
        for (prefix, ordered) in [("W/", false), ("PRE/", true), ("/", false)] where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count)
            let tool = prefix == "/" ? "Westlaw's" : "another search tool's"
            if !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isWholeNumber }) {
                return QueryError(column: column, "'\(raw)' is \(tool) proximity; here it is searched as words",
                                  hint: "write \(ordered ? "ONEAR" : "NEAR")/\(rest) (\(ordered ? "in that order, " : "either order, ")at most \(rest) words apart)")
            }
            if ["S", "SENT", "P", "PARA", "SEG"].contains(String(rest)) {
                return QueryError(column: column, "'\(raw)' is \(tool) 'in the same \(rest.hasPrefix("S") ? "sentence" : "paragraph")'; here it is searched as words",
                                  hint: "write SENTENCE(a, b) for clauses in one sentence")
            }
        }
        if let tilde = scalars.firstIndex(of: "~") {
            let after = String(String.UnicodeScalarView(scalars[(tilde + 1)...]))
            if tilde == 0, !after.isEmpty, after.allSatisfy({ $0.isASCII && $0.isWholeNumber }) {
                return QueryError(column: column, "'\(raw)' is Lucene's proximity; here it is searched as the word '\(after)'",
                                  hint: "write a NEAR/\(after) b for words at most \(after) apart")
            }
            return QueryError(column: column, "'\(raw)' holds '~' (Lucene's fuzzy search), which is not supported; it is searched without it",
                              hint: "leave the '~' out, or list the spellings with OR")
        }
        // A '?' between two letters or digits: a one-letter wildcard, not a question's end.
        func isWildcard(_ k: Int) -> Bool {
            scalars[k] == "?" && k > 0 && k + 1 < scalars.count && Tokenizer.isWordScalar(scalars[k - 1]) && Tokenizer.isWordScalar(scalars[k + 1])
        }
        if let mark = scalars.indices.first(where: isWildcard) {
            return QueryError(column: column, "'\(raw)' holds '?', which is no wildcard here: it is searched as the words on either side of it",
                              hint: "write \(String(String.UnicodeScalarView(scalars[..<mark])))* for any ending, or the spellings with OR")
        }
        return nil
    }

    /// `China or Taiwan`, `China and not Taiwan`: an operator written in lower case is a word to search for
    /// (operators are upper case), so the rule ran as `China AND or AND Taiwan`, far from what was meant, and
    /// `check` said nothing. It is a warning, not an error: "or" is French for gold and "Not" German for need,
    /// and quoting the word says it is meant.
    static func lowerCaseOperator(_ raw: String, column: Int) -> QueryError? {
        let hint: String
        switch raw.lowercased() {
        case "or": hint = "write OR for either"
        case "and": hint = "write AND (or nothing: words side by side must all be there)"
        case "not": hint = "write NOT (or '-') to exclude what follows"
        default: return nil
        }
        return QueryError(column: column, "'\(raw)' is searched as a word, not as the operator \(raw.uppercased()) (operators are upper case)",
                          hint: "\(hint), or quote it (\"\(raw)\") to search for the word")
    }
}
