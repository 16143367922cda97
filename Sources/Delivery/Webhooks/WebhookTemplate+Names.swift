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
        /// An alert's name at the top of a digest sink's template: the top of a digest is no alert,
        /// so it renders empty there (trial2 finding 6); inside `{{#alerts}}` it has each alert's value.
        public var outsideDigestAlerts = false
    }

    /// The keys of an alert's context (`context(_:)`), then of what its sections iterate over.
    static let alertKeys: Set = ["v", "id", "time", "rule", "severity", "severity_upper", "story", "headline", "article",
                                 "snippet", "match", "why", "entities", "topics", "revision",
                                 "why_json", "entities_json", "topics_json"]
    static let digestKeys: Set = ["alerts", "count", "digest"]
    static let rootKeys = alertKeys.union(digestKeys)
    static let itemKeys: [String: Set<String>] = [
        "article": ["id", "title", "feed", "url", "published", "lang"],
        "why": ["clause", "field", "match", "snippet"],
        "entities": ["name", "type", "mentions"],
        "topics": ["id", "score"],
        "alerts": alertKeys,
    ]

    /// Names no scope they are written in has; empty when the template changes its delimiters (not read here).
    /// For a digest sink (`digest: true`) the top level has only `alerts`, `count` and `digest`.
    public func unknownNames(digest: Bool = false) -> [UnknownName] {
        var found: [UnknownName] = []
        // The scopes a name is looked up in, innermost last: a section over a list or a mapping adds its items' keys.
        var scopes: [Set<String>] = [digest ? Self.digestKeys : Self.rootKeys]
        var sections: [String] = []
        for tag in tags ?? [] {
            let body = tag.body
            switch tag.sigil {
            case "!", ">", "<", "$", "%": continue
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
                    found.append(UnknownName(name: body, line: tag.line, column: tag.column, inScope: visible.map { $0 + rest }.sorted(),
                                             outsideDigestAlerts: digest && Self.alertKeys.contains(parts[0])))
                } else if parts.count > 1, let keys = Self.itemKeys[parts[0]], !keys.contains(parts[1]) {
                    found.append(UnknownName(name: body, line: tag.line, column: tag.column,
                                             inScope: keys.map { "\(parts[0]).\($0)" }.sorted()))
                }
            }
            if tag.sigil == "#" || tag.sigil == "^" {
                sections.append(body)
                scopes.append(tag.sigil == "#" ? Self.itemKeys[body.split(separator: ".").last.map(String.init) ?? ""] ?? [] : [])
            }
        }
        return found
    }
}
