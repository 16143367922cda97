/// Tokens of the query language, each with its column (1-based, in characters).
struct QueryToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case phrase(String)
        case field(String)      // `name:` directly before a word or phrase
        case lparen, rparen
        case and, or, not
        case minus
    }
    var kind: Kind
    var column: Int
    var length: Int
}

struct QuerySyntaxError: Error {
    var column: Int
    var message: String
}

enum QueryLexer {
    static func lex(_ query: String) throws(QuerySyntaxError) -> [QueryToken] {
        let chars = Array(query)
        var out: [QueryToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "(": out.append(QueryToken(kind: .lparen, column: i + 1, length: 1)); i += 1
            case ")": out.append(QueryToken(kind: .rparen, column: i + 1, length: 1)); i += 1
            case "-" where i + 1 < chars.count && !chars[i + 1].isWhitespace:
                out.append(QueryToken(kind: .minus, column: i + 1, length: 1)); i += 1
            case "\"":
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += 1 }
                guard j < chars.count else { throw QuerySyntaxError(column: start + 1, message: "unterminated phrase: a '\"' has no closing '\"'") }
                out.append(QueryToken(kind: .phrase(String(chars[(i + 1)..<j])), column: start + 1, length: j - i + 1))
                i = j + 1
            default:
                var j = i
                while j < chars.count, !chars[j].isWhitespace, !"()\"".contains(chars[j]) {
                    if chars[j] == ":" { j += 1; break }
                    j += 1
                }
                let text = String(chars[i..<j])
                if text.hasSuffix(":"), text.count > 1 {
                    out.append(QueryToken(kind: .field(String(text.dropLast())), column: start + 1, length: j - i))
                } else {
                    switch text {
                    case "AND", "&&": out.append(QueryToken(kind: .and, column: start + 1, length: j - i))
                    case "OR", "||": out.append(QueryToken(kind: .or, column: start + 1, length: j - i))
                    case "NOT": out.append(QueryToken(kind: .not, column: start + 1, length: j - i))
                    default: out.append(QueryToken(kind: .word(text), column: start + 1, length: j - i))
                    }
                }
                i = j
            }
        }
        return out
    }
}
