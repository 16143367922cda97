/// Tokens of the query language, each with its column (1-based, in Unicode
/// scalars, the unit YAML positions use too).
struct QueryToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case phrase(String)
        case field(String)      // `name:` directly before a word or phrase
        case lparen, rparen, comma
        case and, or, not
        case minus
        /// `NEAR/n` or `ONEAR/n`; a nil distance is reported by the parser.
        case near(distance: Int?, ordered: Bool)
        case sentence
    }
    var kind: Kind
    var column: Int
    var length: Int
}

/// Splits a query into tokens. Problems (an unterminated phrase) are
/// collected, and lexing goes on, so every error can be reported at once.
enum QueryLexer {
    static func lex(_ source: ScalarText, errors: inout [QueryError]) -> [QueryToken] {
        let chars = Array(source.string.unicodeScalars)
        var out: [QueryToken] = []
        var i = 0
        func text(_ a: Int, _ b: Int) -> String { source.text(a, b) }
        func isBreak(_ c: Unicode.Scalar) -> Bool { c.isQuerySpace || c == "(" || c == ")" || c == "," || QuoteMarks.breaksWords(c) }
        func emit(_ kind: QueryToken.Kind, _ start: Int, _ end: Int) {
            out.append(QueryToken(kind: kind, column: start + 1, length: end - start))
        }
        /// A quoted phrase starting at `start` (the quote); returns the index after it.
        func phrase(at start: Int) -> Int {
            let closing = QuoteMarks.closing(chars[start])
            var j = start + 1
            while j < chars.count, !QuoteMarks.closes(closing, chars, at: j) { j += 1 }
            if j == chars.count {
                errors.append(QueryError(column: start + 1, "unterminated phrase \(text(start, j))", hint: "close it with '\(closing[0])'"))
                emit(.phrase(text(start + 1, j)), start, j)
                return j
            }
            emit(.phrase(text(start + 1, j)), start, j + 1)
            return j + 1
        }
        func opensPhrase(_ i: Int) -> Bool { !QuoteMarks.closing(chars[i]).isEmpty }
        /// Where a `name:` starting at `i` has its ':'.
        func fieldEnd(from i: Int) -> Int? {
            var k = i
            while k < chars.count, !isBreak(chars[k]), chars[k] != ":" { k += 1 }
            return k > i && k < chars.count && chars[k] == ":" ? k : nil
        }
        while i < chars.count {
            let c = chars[i]
            if c.isQuerySpace { i += 1; continue }
            let start = i
            switch c {
            case "(": emit(.lparen, i, i + 1); i += 1
            case ")": emit(.rparen, i, i + 1); i += 1
            case ",": emit(.comma, i, i + 1); i += 1
            case "-" where i + 1 < chars.count && !chars[i + 1].isQuerySpace:
                emit(.minus, i, i + 1); i += 1
            case _ where opensPhrase(i):
                i = phrase(at: i)
            default:
                var j = i
                while j < chars.count, !isBreak(chars[j]), chars[j] != ":" { j += 1 }
                if j < chars.count, chars[j] == ":", j > i {
                    emit(.field(text(i, j)), i, j + 1)
                    i = j + 1
                    // A field straight after a field (title:case:US) is a token of its own, for the parser to judge.
                    while let k = fieldEnd(from: i), QueryParser.fields.contains(text(i, k)) {
                        emit(.field(text(i, k)), i, k + 1)
                        i = k + 1
                    }
                    // The value after a field may hold ':' itself (url:https://…).
                    if i < chars.count, opensPhrase(i) {
                        i = phrase(at: i)
                    } else if i < chars.count, !isBreak(chars[i]) {
                        var k = i
                        while k < chars.count, !isBreak(chars[k]) { k += 1 }
                        emit(.word(text(i, k)), i, k)
                        i = k
                    }
                    continue
                }
                if j < chars.count, chars[j] == ":" { j += 1 } // a lone ':' is a word the parser reports
                let word = text(i, j)
                // `sentence(` read as a word left its clauses to be three false errors (a stray ',' and ')'); so did
                // `Sentence (` with a space, which SENTENCE itself may have (review of querylang, 8).
                var paren = j
                while paren < chars.count, chars[paren] == " " || chars[paren] == "\t" { paren += 1 }
                if word != "SENTENCE", word.uppercased() == "SENTENCE", paren < chars.count, chars[paren] == "(" {
                    errors.append(QueryError(column: start + 1, "'\(word)(' looks like an operator written in lower case",
                                             hint: "write SENTENCE(…), or quote the word to search for it"))
                    emit(.sentence, start, j)
                    i = j
                    continue
                }
                // Google's `AROUND(5)` was the words "around" and "5"; read as the NEAR/5 it means, and refused.
                if word == "AROUND", paren < chars.count, chars[paren] == "(" {
                    var close = paren + 1
                    while close < chars.count, chars[close].properties.numericType != nil, chars[close].isASCII { close += 1 }
                    if close > paren + 1, close < chars.count, chars[close] == ")", let n = Int(text(paren + 1, close)) {
                        errors.append(QueryError(column: start + 1, "'\(text(start, close + 1))' is Google's proximity, not this language's",
                                                 hint: "write NEAR/\(n) (either order, at most \(n) words apart)"))
                        emit(.near(distance: n, ordered: false), start, close + 1)
                        i = close + 1
                        continue
                    }
                }
                emit(keyword(word) ?? .word(word), start, j)
                i = j
            }
        }
        return out
    }

    private static func keyword(_ word: String) -> QueryToken.Kind? {
        switch word {
        case "AND", "&&": return .and
        case "OR", "||": return .or
        case "NOT": return .not
        case "SENTENCE": return .sentence
        default: break
        }
        for (name, ordered) in [("NEAR", false), ("ONEAR", true)] where word == name || word.hasPrefix(name + "/") {
            let digits = word.dropFirst(name.count + 1)
            // Digits past what an Int holds are still a distance, one too far: the parser says how far it may be.
            // ASCII digits only: "5\u{301}" sorts between "0" and "9" but is no digit (review of querylang, 11).
            let n = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isWholeNumber } ? Int(digits) ?? .max : nil
            return .near(distance: n, ordered: ordered)
        }
        return nil
    }
}

extension Unicode.Scalar {
    /// White space, asking Unicode's tables only outside ASCII (they are slow to ask).
    var isQuerySpace: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
