import Foundation
import Markup

/// RSS 0.90–0.94, 1.0 (RDF) and 2.0 → `ParsedFeed`. They share their
/// element names; RSS 1.0 and 0.90 put them in a namespace and their items
/// beside the channel instead of inside it.
enum RSSAdapter {
    static func feed(from root: XMLNode, format: FeedFormat, url: String, maxEntries: Int) -> ParsedFeed {
        // The namespace the core elements are in: none for RSS 0.9x/2.0, RSS 1.0's or 0.90's for RDF.
        let ns: String? = format == .rss10 ? Namespace.rss10 : (root.name == "RDF" ? Namespace.rss090 : root.namespace)
        let channel = root.child("channel", ns) ?? root
        let documentBase = FeedURL.base(of: root, parent: url)
        let channelLink = channel.string("link", ns)
        // Relative links resolve against xml:base, else the document's URL; a
        // file read from disk has no useful URL, so its channel link serves.
        var base = FeedURL.base(of: channel, parent: documentBase)
        if !FeedURL.isWeb(base ?? ""), let channelLink, FeedURL.isWeb(channelLink), channel.attribute("base", namespace: Namespace.xml) == nil {
            base = channelLink
        }
        var items = channel.children("item", ns)
        if channel != root { items += root.children("item", ns) }
        let cap = EntryCap.keep(items, limit: maxEntries) { published($0, ns: ns) ?? updated($0) }
        var feed = ParsedFeed(
            format: format,
            title: channel.child("title", ns).flatMap { FieldText.plain($0, as: .html) } ?? Extensions.title(channel),
            link: (channelLink ?? atomLink(channel)).map { FeedURL.resolve($0, against: documentBase) },
            subtitle: (channel.child("description", ns).flatMap { FieldText.plain($0, as: .html) })
                ?? Extensions.summary(channel).flatMap { FieldText.plain($0, as: .html) },
            language: channel.string("language", ns) ?? channel.string("language", Namespace.dc)
                ?? channel.attribute("lang", namespace: Namespace.xml) ?? root.attribute("lang", namespace: Namespace.xml),
            updated: (channel.string("lastBuildDate", ns) ?? channel.string("pubDate", ns) ?? Extensions.published(channel)
                      ?? Extensions.updated(channel)).flatMap(FeedDate.parse),
            ttlMinutes: channel.string("ttl", ns).flatMap(Extensions.integer),
            skipHours: (channel.child("skipHours", ns)?.children("hour", ns) ?? []).compactMap { $0.trimmedText.flatMap(Extensions.integer) }
                .filter { (0...24).contains($0) }.map { $0 % 24 },
            skipDays: (channel.child("skipDays", ns)?.children("day", ns) ?? []).compactMap { $0.trimmedText.flatMap(FeedWeekday.init(name:)) },
            entries: cap.items.map { entry(from: $0, ns: ns, base: base) })
        feed.entriesNotBuilt = items.count - feed.entries.count
        feed.entriesKept = cap.kept
        return feed
    }

    private static func entry(from item: XMLNode, ns: String?, base channelBase: String?) -> ParsedEntry {
        let base = FeedURL.base(of: item, parent: channelBase)
        let guidNode = item.child("guid", ns)
        let guid = guidNode?.trimmedText
        let about = item.attribute("about", namespace: Namespace.rdf)
        let permalink = guid.flatMap { g in guidNode?.attribute("isPermaLink")?.lowercased() != "false" && FeedURL.isWeb(g) ? g : nil }
        let link = (item.string("link", ns) ?? atomLink(item) ?? permalink ?? about).map { FeedURL.resolve($0, against: base) }
        let title = item.child("title", ns).flatMap { FieldText.plain($0, as: .html) } ?? Extensions.title(item)
        let published = published(item, ns: ns)

        let descriptionNode = item.children("description", ns).first { $0.hasContent }
            ?? Extensions.summary(item)
        let bodyNode = item.children("encoded", Namespace.content).first { $0.hasContent }
            ?? item.child("body", Namespace.xhtml).map { body in body }
        let body = bodyNode.flatMap { FieldText.content($0, as: $0.namespace == Namespace.xhtml ? .xhtml : .html, base: base) }
        let summaryRendering = descriptionNode.map {
            FieldText.render($0, as: .html, keepHTML: body == nil, short: false, resolve: body == nil ? FeedURL.resolver(against: base) : nil)
        }
        let content = body ?? summaryRendering.map(BodyRendering.init)

        var authors = item.children("author", ns).compactMap { $0.trimmedText.flatMap(RSSAuthor.parse) }
        if authors.isEmpty { authors = Extensions.authors(item) }
        var categories = item.children("category", ns).compactMap(\.trimmedText) + Extensions.categories(item)
        if categories.isEmpty { categories = Extensions.keywords(item) }
        var enclosures = item.children("enclosure", ns).compactMap { e -> ParsedEnclosure? in
            guard let u = e.attribute("url")?.trimmed, !u.isEmpty else { return nil }
            return ParsedEnclosure(url: FeedURL.resolve(u, against: base), type: e.attribute("type"), length: e.attribute("length").flatMap(Extensions.integer))
        }
        if enclosures.isEmpty { enclosures = Extensions.mediaEnclosures(item, base: base) }

        return ParsedEntry(
            id: EntryIdentity.id(explicit: guid ?? about, link: link, title: title, date: published),
            title: title,
            link: link,
            summary: summaryRendering.flatMap { FieldText.nonEmpty($0.text) },
            contentHTML: content.flatMap { FieldText.nonEmpty($0.html) },
            published: published,
            updated: updated(item),
            authors: authors,
            categories: categories.uniqued,
            enclosures: enclosures,
            contentText: content?.text)
    }

    private static func published(_ item: XMLNode, ns: String?) -> Date? {
        (item.string("pubDate", ns) ?? Extensions.published(item)).flatMap(FeedDate.parse)
    }

    private static func updated(_ item: XMLNode) -> Date? { Extensions.updated(item).flatMap(FeedDate.parse) }

    /// `<atom:link rel="alternate" href>` (RSS feeds carry Atom links too).
    private static func atomLink(_ node: XMLNode) -> String? {
        node.children("link", Namespace.atom10).first { ($0.attribute("rel") ?? "alternate") == "alternate" }?.attribute("href")
    }
}
