import Foundation

/// Mustache renders a name it does not find as nothing: `{{headlin}}` sent every alert with an empty
/// summary, which the receiver accepted, so no dead letter or log line ever showed the typo (trial
/// finding 20). The names a template uses are read here, each where it is written, and those the
/// alert's context does not have are given back for the config to refuse.
/// Read by hand because swift-mustache (2.1.1) offers no way to: the tokens it parses are internal, it has
/// no strict mode, and its one hook, `MustacheParent.child(named:)`, is asked at every level of the context
/// stack (a nil there is no miss), without the tag's place, and only for the sections a sample alert takes.
extension WebhookTemplate {
    /// A name the context has no value for, at its line and column in the template.
    public struct UnknownName: Sendable, Hashable {
        public var name: String
        public var line: Int
        public var column: Int
        /// The names it could have meant: those in scope where it is written.
        public var inScope: [String]
    }

    /// The keys of an alert's context (`context(_:)`), then of what its sections iterate over.
    static let alertKeys: Set = ["v", "id", "time", "rule", "severity", "severity_upper", "story", "headline", "article",
                                 "snippet", "match", "why", "entities", "topics", "revision"]
    static let rootKeys = alertKeys.union(["alerts", "count", "digest"])
    static let itemKeys: [String: Set<String>] = [
        "article": ["id", "title", "feed", "url", "published", "lang"],
        "why": ["clause", "field", "match", "snippet"],
        "entities": ["name", "type", "mentions"],
        "topics": ["id", "score"],
        "alerts": alertKeys,
    ]

    /// Names no scope they are written in has; empty when the template changes its delimiters (not read here).
    public func unknownNames() -> [UnknownName] {
        var found: [UnknownName] = []
        // The scopes a name is looked up in, innermost last: a section over a list or a mapping adds its items' keys.
        var scopes: [Set<String>] = [Self.rootKeys]
        var sections: [String] = []
        let text = Array(source.unicodeScalars)
        var i = 0, line = 1, column = 1
        func advance(_ n: Int) {
            for _ in 0..<n where i < text.count {
                if text[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        func starts(_ s: String, at j: Int) -> Bool {
            let u = Array(s.unicodeScalars)
            return j + u.count <= text.count && Array(text[j..<j + u.count]) == u
        }
        while i < text.count {
            guard starts("{{", at: i) else { advance(1); continue }
            let (tagLine, tagColumn) = (line, column)
            let triple = starts("{{{", at: i)
            let open = triple ? 3 : 2, close = triple ? "}}}" : "}}"
            var end = i + open
            while end < text.count, !starts(close, at: end) { end += 1 }
            guard end < text.count else { break }
            var body = String(String.UnicodeScalarView(text[(i + open)..<end])).trimmingCharacters(in: .whitespaces)
            advance(end + close.count - i)
            let first = body.first ?? " "
            let sigil: Character = "#^/&!>%=".contains(first) ? first : " "
            if sigil != " " { body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces) }
            switch sigil {
            case "=": return []
            case "!", ">", "%": continue
            case "/":
                if let last = sections.popLast(), last == body, scopes.count > 1 { scopes.removeLast() }
                continue
            default: break
            }
            // `.`, and a transform such as `uppercased(title)`, are not names to look up.
            if body != ".", !body.contains("("), !body.isEmpty {
                let parts = body.split(separator: ".").map(String.init)
                let visible = scopes.reduce(into: Set<String>()) { $0.formUnion($1) }
                if !visible.contains(parts[0]) {
                    // `artcle.url` is closest to `article.url`: the candidates keep the rest of the name.
                    let rest = parts.dropFirst().map { ".\($0)" }.joined()
                    found.append(UnknownName(name: body, line: tagLine, column: tagColumn, inScope: visible.map { $0 + rest }.sorted()))
                } else if parts.count > 1, let keys = Self.itemKeys[parts[0]], !keys.contains(parts[1]) {
                    found.append(UnknownName(name: body, line: tagLine, column: tagColumn,
                                             inScope: keys.map { "\(parts[0]).\($0)" }.sorted()))
                }
            }
            if sigil == "#" || sigil == "^" {
                sections.append(body)
                scopes.append(sigil == "#" ? Self.itemKeys[body.split(separator: ".").last.map(String.init) ?? ""] ?? [] : [])
            }
        }
        return found
    }
}
