import Foundation

/// Text cut to a chat service's field limit. Services count "characters" as code points
/// (Discord, ntfy's bytes aside) or UTF-16 units (Slack, Teams); a Swift `prefix` counts
/// graphemes, of which a Hindi word or a family emoji packs several code points, so a
/// headline cut to 2,000 graphemes could still be refused (a 4xx: a dead letter at once).
/// UTF-16 units are never fewer than either count; the cut falls between graphemes.
extension String {
    /// At most `limit` UTF-16 units, ending in "…" when cut.
    func clipped(toUTF16 limit: Int) -> String {
        clipped(limit) { $0.utf16.count }
    }

    /// At most `limit` bytes of UTF-8, ending in "…" when cut (ntfy limits bytes).
    func clipped(toUTF8 limit: Int) -> String {
        clipped(limit) { $0.utf8.count }
    }

    /// `rewrite(self)` in at most `limit` UTF-16 units, ending in "…" when cut, cut between
    /// rewritten characters (never inside a Slack `&amp;`). `rewrite` works character by character.
    func clipped(toUTF16 limit: Int, rewriting rewrite: (String) -> String) -> String {
        clipped(limit, measure: { $0.utf16.count }, rewrite)
    }

    private func clipped(_ limit: Int, measure: (Substring) -> Int, _ rewrite: (String) -> String = { $0 }) -> String {
        let whole = rewrite(self)
        if measure(whole[...]) <= limit { return whole }
        let room = limit - measure("…")
        guard room > 0 else { return "" }
        var out = "", used = 0
        for c in self {
            let piece = rewrite(String(c))
            let n = measure(piece[...])
            if used + n > room { break }
            used += n
            out += piece
        }
        return out + "…"
    }
}

extension String {
    /// An article's URL as a chat service's link takes it: every character a URL may not hold raw (space, `"`,
    /// `<`, `>`, `|`, `\\`, `^`, `` ` ``, `{`, `}`, controls, anything outside ASCII) percent-encoded, what is
    /// already encoded left alone. In a Slack link `<url|text>` a raw `>` or `|` ended the URL and let the rest,
    /// `<!channel>` say, be read as markup (exploratory finding); Discord and Teams refuse a message whose URL
    /// does not parse, a dead letter at once. Nil unless it is a web link (http, https): a feed's `<link>` of
    /// `javascript:…`, `data:…` or `file:///etc/passwd` was sent as a link to click (exploratory finding).
    var linkSafe: String? {
        let scheme = prefix { $0 != ":" }.lowercased()
        guard scheme == "http" || scheme == "https", count > scheme.count else { return nil }
        return addingPercentEncoding(withAllowedCharacters: Self.urlCharacters) ?? self
    }

    private static let urlCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
}
