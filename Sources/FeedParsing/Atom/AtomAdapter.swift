import Foundation
import Markup

/// Atom 1.0 and 0.3 → `ParsedFeed`. `xml:base` applies at every level.
enum AtomAdapter {
    static func feed(from root: XMLNode, format: FeedFormat, url: String, maxEntries: Int) -> ParsedFeed {
        let ns = root.namespace
        let base = FeedURL.base(of: root, parent: url)
        let feedAuthors = authors(of: root, ns: ns)
        let entries = root.children("entry", ns)
        let cap = EntryCap.keep(entries, limit: maxEntries) { published($0, ns: ns) ?? updated($0, ns: ns) }
        var feed = ParsedFeed(
            format: format,
            title: root.child("title", ns).flatMap { AtomText.plain($0) },
            link: alternateLink(root, ns: ns, base: base),
            subtitle: (root.child("subtitle", ns) ?? root.child("tagline", ns)).flatMap { AtomText.plain($0) },
            language: root.attribute("lang", namespace: Namespace.xml) ?? root.string("language", Namespace.dc),
            updated: (root.string("updated", ns) ?? root.string("modified", ns) ?? Extensions.published(root)).flatMap(FeedDate.parse),
            entries: cap.items.map { entry(from: $0, ns: ns, base: base, feedAuthors: feedAuthors) })
        feed.entriesNotBuilt = entries.count - feed.entries.count
        feed.entriesKept = cap.kept
        return feed
    }

    private static func published(_ e: XMLNode, ns: String?) -> Date? {
        (e.string("published", ns) ?? e.string("issued", ns) ?? e.string("created", ns) ?? Extensions.published(e)).flatMap(FeedDate.parse)
    }

    private static func updated(_ e: XMLNode, ns: String?) -> Date? {
        (e.string("updated", ns) ?? e.string("modified", ns)).flatMap(FeedDate.parse)
    }

    private static func entry(from e: XMLNode, ns: String?, base feedBase: String?, feedAuthors: [ParsedAuthor]) -> ParsedEntry {
        let base = FeedURL.base(of: e, parent: feedBase)
        let link = alternateLink(e, ns: ns, base: base)
        let title = e.child("title", ns).flatMap { AtomText.plain($0) } ?? Extensions.title(e)
        let published = published(e, ns: ns)
        let updated = updated(e, ns: ns)

        let contentNode = e.children("content", ns).first { $0.hasContent }
        let content = contentNode.flatMap { AtomText.content($0, base: FeedURL.base(of: $0, parent: base)) }
        let summaryNode = e.child("summary", ns) ?? Extensions.summary(e)
        let summaryText: String?
        var body = content
        if let summaryNode {
            if content == nil {
                // The summary is the body: rendered in full, since its text is the summary too.
                let r = AtomText.rendering(summaryNode, base: FeedURL.base(of: summaryNode, parent: base))
                summaryText = r.flatMap { FieldText.nonEmpty($0.text) }
                body = r.map(BodyRendering.init)
            } else {
                summaryText = AtomText.plain(summaryNode)
            }
        } else {
            summaryText = nil
        }
        var authors = authors(of: e, ns: ns)
        if authors.isEmpty { authors = Extensions.authors(e) }
        if authors.isEmpty { authors = e.child("source", ns).map { self.authors(of: $0, ns: ns) } ?? [] }
        if authors.isEmpty { authors = feedAuthors }
        var categories = e.children("category", ns).compactMap { c in
            (c.attribute("label") ?? c.attribute("term") ?? c.trimmedText)?.trimmed
        }.filter { !$0.isEmpty } + Extensions.categories(e)
        if categories.isEmpty { categories = Extensions.keywords(e) }
        var enclosures = e.children("link", ns).filter { $0.attribute("rel") == "enclosure" }.compactMap { l -> ParsedEnclosure? in
            guard let href = l.attribute("href")?.trimmed, !href.isEmpty else { return nil }
            return ParsedEnclosure(url: FeedURL.resolve(href, against: FeedURL.base(of: l, parent: base)), type: l.attribute("type"),
                                   length: l.attribute("length").flatMap(Extensions.integer))
        }
        if enclosures.isEmpty { enclosures = Extensions.mediaEnclosures(e, base: base) }
        return ParsedEntry(
            id: EntryIdentity.id(explicit: e.string("id", ns), link: link, title: title, date: published ?? updated),
            title: title,
            link: link ?? e.child("content", ns)?.attribute("src").map { FeedURL.resolve($0, against: base) },
            summary: summaryText,
            contentHTML: body.flatMap { FieldText.nonEmpty($0.html) },
            published: published,
            updated: updated,
            authors: authors,
            categories: categories.uniqued,
            enclosures: enclosures,
            contentText: body?.text)
    }

    private static func authors(of node: XMLNode, ns: String?) -> [ParsedAuthor] {
        node.children("author", ns).compactMap { a in
            let author = ParsedAuthor(name: a.string("name", ns).flatMap { FieldText.plain($0, as: .text) },
                                      email: a.string("email", ns), uri: a.string("uri", ns) ?? a.string("url", ns))
            return author.isEmpty ? (a.trimmedText.flatMap(RSSAuthor.parse)) : author
        }
    }

    /// rel="alternate" (the default), preferring HTML; else the first link that is not self/enclosure.
    private static func alternateLink(_ node: XMLNode, ns: String?, base: String?) -> String? {
        let links = node.children("link", ns).filter { $0.attribute("href") != nil }
        let alternates = links.filter { ($0.attribute("rel") ?? "alternate") == "alternate" }
        let pick = alternates.first { ($0.attribute("type") ?? "text/html").containsBytes("html") } ?? alternates.first
            ?? links.first { !["self", "enclosure", "edit", "replies", "hub", "next", "previous"].contains($0.attribute("rel") ?? "") }
        return pick.flatMap { l in l.attribute("href").map { FeedURL.resolve($0, against: FeedURL.base(of: l, parent: base)) } }
    }
}
