import Analysis
import WirewatchCore
import YAMLFiles

/// The config's feed ids as `source:` matches them (its words must be among an id's, or the article's host's),
/// tokenised once per compile: a `source:` that names no feed and is no host is warned of, and a `source:` that
/// is a URL never matches (`source:world-dsk`, `source:https://example.com` passed check and never matched).
/// Made once for all the rules, not per query: 100,000 rules over 10,000 feeds tokenised the ids 10⁹ times.
package struct FeedNames: Sendable {
    private let ids: [String]
    private let words: [[String]]

    package init(_ ids: Set<String>) {
        self.ids = ids.sorted()
        words = self.ids.map { Tokenizer.words($0).map(\.folded) }
    }

    /// The warning for `source:RAW` at `column`, or nil when it may match: a feed id's words hold its own, it has
    /// a dot (any article's host) or a wildcard. A warning, as a feed may be added later and the rule is valid.
    func warning(_ raw: String, column: Int) -> QueryError? {
        let value = raw.lowercased()
        if let scheme = value.range(of: "://") {
            let host = value[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return QueryError(column: column, "'source:\(raw)' never matches: source: is a feed id or an article's host, which has no scheme",
                              hint: host.isEmpty ? "write source:HOST" : "write source:\(host)")
        }
        guard !value.contains("."), !value.contains("*") else { return nil }
        let asked = Tokenizer.words(value).map(\.folded)
        guard !asked.isEmpty, !words.contains(where: { Self.holds($0, asked) }) else { return nil }
        let near = YAMLReader.nearest(value, in: ids.map { $0.lowercased() }).map { "did you mean 'source:\($0)'?" }
        return QueryError(column: column, "'source:\(raw)' names no feed in the config, and is no host (a host has a dot)",
                          hint: near ?? "the config's feeds are \(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", …" : "")")
    }

    /// Whether `asked` is a run of `id`'s words.
    private static func holds(_ id: [String], _ asked: [String]) -> Bool {
        id.count >= asked.count && (0...(id.count - asked.count)).contains { Array(id[$0..<$0 + asked.count]) == asked }
    }
}
