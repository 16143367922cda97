import FeedParsing
import Foundation

/// Takes a secret feed URL's login and query out of the URLs a document gives its entries. The document is
/// parsed against the URL without them, but it may name its own base: a JSON Feed's `feed_url`, an `xml:base`,
/// which a private feed's server echoes with the token; a `#v1` link then resolves to `…?token=…#v1`, and an
/// article's URL goes to the store, the alert log and every webhook (review of configmend, 1). A URL of the
/// same document (scheme, host, port and path) loses the secret's query items, and any URL its login.
struct SecretURLScrub: Sendable {
    private struct Secret: Sendable {
        var scheme: String?, host: String?, port: Int?, path: String
        var queryItems: [URLQueryItem]
        var user: String?
    }

    private let secrets: [Secret]

    /// `urls`: the secret URL as requested, and where it was answered from (a redirect may carry its own token).
    init(_ urls: [String]) {
        secrets = urls.compactMap { url in
            guard let c = URLComponents(string: url) else { return nil }
            return Secret(scheme: c.scheme?.lowercased(), host: c.host?.lowercased(), port: c.port, path: c.path,
                          queryItems: c.queryItems ?? [], user: c.user)
        }
    }

    func scrub(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return url }
        var changed = false
        for s in secrets {
            if let user = s.user, c.user == user, c.host?.lowercased() == s.host {
                c.user = nil
                c.password = nil
                changed = true
            }
            guard !s.queryItems.isEmpty, let items = c.queryItems, c.scheme?.lowercased() == s.scheme,
                  c.host?.lowercased() == s.host, c.port == s.port, c.path == s.path else { continue }
            let kept = items.filter { !s.queryItems.contains($0) }
            if kept.count != items.count {
                c.queryItems = kept.isEmpty ? nil : kept
                changed = true
            }
        }
        return changed ? (c.string ?? url) : url
    }

    /// `feed` with every URL it gives its entries (and itself) scrubbed.
    func scrub(_ feed: ParsedFeed) -> ParsedFeed {
        var feed = feed
        feed.link = feed.link.map(scrub)
        for i in feed.entries.indices {
            feed.entries[i].id = scrub(feed.entries[i].id)
            feed.entries[i].link = feed.entries[i].link.map(scrub)
            for j in feed.entries[i].enclosures.indices { feed.entries[i].enclosures[j].url = scrub(feed.entries[i].enclosures[j].url) }
            for j in feed.entries[i].authors.indices { feed.entries[i].authors[j].uri = feed.entries[i].authors[j].uri.map(scrub) }
        }
        return feed
    }
}
