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
        func isBreak(_ c: Unicode.Scalar) -> Bool { c.isQuerySpace || c == "(" || c == ")" || c == "\"" || c == "," }
        func emit(_ kind: QueryToken.Kind, _ start: Int, _ end: Int) {
            out.append(QueryToken(kind: kind, column: start + 1, length: end - start))
        }
        /// A quoted phrase starting at `start` (the quote); returns the index after it.
        func phrase(at start: Int) -> Int {
            var j = start + 1
            while j < chars.count, chars[j] != "\"" { j += 1 }
            if j == chars.count {
                errors.append(QueryError(column: start + 1, "unterminated phrase \(text(start, j))", hint: "close it with '\"'"))
                emit(.phrase(text(start + 1, j)), start, j)
                return j
            }
            emit(.phrase(text(start + 1, j)), start, j + 1)
            return j + 1
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
            case "\"":
                i = phrase(at: i)
            default:
                var j = i
                while j < chars.count, !isBreak(chars[j]), chars[j] != ":" { j += 1 }
                if j < chars.count, chars[j] == ":", j > i {
                    emit(.field(text(i, j)), i, j + 1)
                    i = j + 1
                    // The value after a field may hold ':' itself (url:https://…).
                    if i < chars.count, chars[i] == "\"" {
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
            let n = Int(word.dropFirst(name.count + 1))
            return .near(distance: n.flatMap { $0 >= 0 ? $0 : nil }, ordered: ordered)
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
