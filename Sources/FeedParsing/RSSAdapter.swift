import Foundation
import Markup

/// RSS 2.0 (and the RSS 0.9x shape it grew from) → `ParsedFeed`.
enum RSSAdapter {
    static func feed(from root: XMLNode, url: String) -> ParsedFeed {
        let version = root.attribute("version")
        let format: FeedFormat = version == "2.0" ? .rss20 : (version?.hasPrefix("0.9") == true ? .rss09x : .rss)
        let channel = root.child("channel") ?? root
        let base = channel.string("link") ?? url
        let entries = channel.children("item").map { entry(from: $0, base: base, feedURL: url) }
        var feed = ParsedFeed(
            format: format,
            title: channel.string("title").map(HTMLText.plainText),
            link: channel.string("link").map { FeedURL.resolve($0, against: url) },
            subtitle: channel.string("description").map(HTMLText.plainText),
            language: channel.string("language") ?? channel.string("language", Namespace.dc),
            updated: (channel.string("lastBuildDate") ?? channel.string("pubDate") ?? channel.string("date", Namespace.dc)).flatMap(FeedDate.parse),
            ttlMinutes: channel.string("ttl").flatMap { Int($0) },
            entries: entries)
        feed.skipHours = channel.child("skipHours")?.children("hour").compactMap { Int($0.text.trimmed) } ?? []
        feed.skipDays = channel.child("skipDays")?.children("day").map { $0.text.trimmed }.filter { !$0.isEmpty } ?? []
        return feed
    }

    private static func entry(from item: XMLNode, base: String, feedURL: String) -> ParsedEntry {
        let link = item.string("link").map { FeedURL.resolve($0, against: feedURL) }
        let guid = item.string("guid")
        let title = item.string("title").map(HTMLText.plainText)
        let description = item.child("description")?.text.trimmed
        let encoded = item.child("encoded", Namespace.content)?.text.trimmed
        let bodyHTML = (encoded?.isEmpty == false ? encoded : nil) ?? description
        let published = (item.string("pubDate") ?? item.string("date", Namespace.dc)).flatMap(FeedDate.parse)
        var authors: [ParsedAuthor] = item.children("author").compactMap { RSSAuthor.parse($0.text) }
        if authors.isEmpty { authors = item.children("creator", Namespace.dc).compactMap { RSSAuthor.parse($0.text) } }
        let categories = (item.children("category") + item.children("subject", Namespace.dc))
            .map { $0.text.trimmed }.filter { !$0.isEmpty }
        let enclosures = item.children("enclosure").compactMap { e -> ParsedEnclosure? in
            guard let u = e.attribute("url"), !u.isEmpty else { return nil }
            return ParsedEnclosure(url: FeedURL.resolve(u, against: feedURL), type: e.attribute("type"), length: e.attribute("length").flatMap { Int($0) })
        }
        return ParsedEntry(
            id: EntryIdentity.id(explicit: guid, link: link, title: title, date: published),
            title: title,
            link: link ?? guid.flatMap { $0.hasPrefix("http") ? $0 : nil },
            summary: description.map(HTMLText.plainText).flatMap { $0.isEmpty ? nil : $0 },
            content: bodyHTML.map(HTMLText.plainText).flatMap { $0.isEmpty ? nil : $0 },
            contentHTML: bodyHTML,
            published: published,
            updated: item.string("updated", Namespace.atom10).flatMap(FeedDate.parse),
            authors: authors,
            categories: categories,
            enclosures: enclosures)
    }
}

/// RSS `<author>` is "email (Name)" or just a name or an email.
enum RSSAuthor {
    static func parse(_ raw: String) -> ParsedAuthor? {
        let s = raw.trimmed
        guard !s.isEmpty else { return nil }
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            let email = s[..<open].trimmed
            let name = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmed
            return ParsedAuthor(name: name.isEmpty ? nil : name, email: email.contains("@") ? email : nil)
        }
        if s.contains("@"), !s.contains(" ") { return ParsedAuthor(email: s) }
        return ParsedAuthor(name: s)
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
