import FeedParsing
import Foundation

/// What of a secret feed URL is secret, for a poll: the base its document is parsed against, and its
/// credentials taken out of what the document gives its entries. (The two had been decided in two places,
/// FeedPoll and a scrub: review of configmend and sinkflood, 9.) The document is parsed against the URL
/// without its query and login (`parseBase`: a text split, so that a malformed URL loses them too), but it
/// may name its own base: a JSON Feed's `feed_url`, an
/// `xml:base`, which a private feed's server echoes with the token (as `http://` behind a TLS proxy, with its
/// port, at the site's root); a `#v1` link, or an `<a href="#fn1">` in the content, then resolves to
/// `…?token=…#v1`, and an article's URL and content go to the store, the alert log and every webhook (review of
/// configmend, 1; review of this session, 2). Any URL of the secret's host loses the secret's login and its
/// credential query items (the item itself, name and value: `token=T`, not another value of it, nor an item such
/// as `format=rss` the feed's URL also has); text (content, summary) has them redacted.
struct SecretFeedURL: Sendable {
    private struct Secret: Sendable {
        var host: String
        var items: [URLQueryItem]
        var user: String?
        var password: String?
    }

    private let secrets: [Secret]

    /// The URL a poll's document is parsed against: where it was answered from, without login, query or fragment.
    /// Relative links (`#v1`) resolve against it, and article URLs go to the store, alerts and every webhook.
    let parseBase: String

    /// `requested`: the secret URL as configured; `answered`: where it was answered from (a redirect may carry
    /// its own token).
    init(requested: String, answered: String) {
        self.init([requested, answered])
    }

    /// `urls`: the secret URLs whose credentials are taken out; the last is where the document was answered from.
    init(_ urls: [String]) {
        parseBase = ConfigLoader.withoutLoginAndQuery(urls.last ?? "")
        secrets = urls.compactMap { url in
            guard let c = URLComponents(string: url), let host = c.host?.lowercased() else { return nil }
            return Secret(host: host, items: (c.queryItems ?? []).filter(Self.isCredential), user: c.user, password: c.password)
        }
    }

    /// A query item that carries a credential: named as one (`token`, `auth`, `api_key`, or a name holding `key`,
    /// `token`, `secret`, `sig` or `pass`), or a value long enough to be one.
    private static func isCredential(_ item: URLQueryItem) -> Bool {
        let name = item.name.lowercased()
        return ConfigLoader.credentialQueryKeys.contains(name) || ["key", "token", "secret", "sig", "pass"].contains { name.contains($0) }
            || (item.value?.count ?? 0) >= 12
    }

    func scrub(_ url: String) -> String {
        guard var c = URLComponents(string: url), let host = c.host?.lowercased() else { return url }
        var changed = false
        for s in secrets where s.host == host {
            if c.user != nil, c.user == s.user {
                c.user = nil
                c.password = nil
                changed = true
            }
            guard let items = c.queryItems, !s.items.isEmpty else { continue }
            let kept = items.filter { !s.items.contains($0) }
            if kept.count != items.count {
                c.queryItems = kept.isEmpty ? nil : kept
                changed = true
            }
        }
        return changed ? (c.string ?? url) : url
    }

    /// `text` with the secrets' credential values and logins replaced by `[redacted]`: links in an entry's content
    /// resolved against an echoed base carry them too.
    func redact(_ text: String) -> String {
        var text = text
        for s in secrets {
            for value in s.items.compactMap(\.value) where value.count >= 6 { text = text.replacingOccurrences(of: value, with: "[redacted]") }
            if let password = s.password, password.count >= 4 { text = text.replacingOccurrences(of: password, with: "[redacted]") }
        }
        return text
    }

    /// `feed` with every URL it gives its entries (and itself) scrubbed, and their text redacted.
    func scrub(_ feed: ParsedFeed) -> ParsedFeed {
        var feed = feed
        feed.link = feed.link.map(scrub)
        for i in feed.entries.indices {
            feed.entries[i].id = scrub(feed.entries[i].id)
            feed.entries[i].link = feed.entries[i].link.map(scrub)
            feed.entries[i].summary = feed.entries[i].summary.map(redact)
            feed.entries[i].contentHTML = feed.entries[i].contentHTML.map(redact)
            if feed.entries[i].contentHTML == nil, let text = feed.entries[i].content { feed.entries[i].content = redact(text) }
            for j in feed.entries[i].enclosures.indices { feed.entries[i].enclosures[j].url = scrub(feed.entries[i].enclosures[j].url) }
            for j in feed.entries[i].authors.indices { feed.entries[i].authors[j].uri = feed.entries[i].authors[j].uri.map(scrub) }
        }
        return feed
    }
}
