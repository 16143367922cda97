import Foundation
import Markup

/// Atom 1.0 and 0.3 → `ParsedFeed`.
enum AtomAdapter {
    static func feed(from root: XMLNode, url: String) -> ParsedFeed {
        let ns = root.namespace
        let base = root.attribute("base", namespace: Namespace.xml).map { FeedURL.resolve($0, against: url) } ?? url
        let entries = root.children("entry", ns).map { entry(from: $0, ns: ns, base: base) }
        return ParsedFeed(
            format: ns == Namespace.atom03 ? .atom03 : .atom10,
            title: root.child("title", ns).map { text(of: $0) },
            link: alternateLink(root, ns: ns, base: base),
            subtitle: (root.child("subtitle", ns) ?? root.child("tagline", ns)).map { text(of: $0) },
            language: root.attribute("lang", namespace: Namespace.xml),
            updated: (root.string("updated", ns) ?? root.string("modified", ns)).flatMap(FeedDate.parse),
            entries: entries)
    }

    private static func entry(from e: XMLNode, ns: String?, base feedBase: String) -> ParsedEntry {
        let base = e.attribute("base", namespace: Namespace.xml).map { FeedURL.resolve($0, against: feedBase) } ?? feedBase
        let link = alternateLink(e, ns: ns, base: base)
        let title = e.child("title", ns).map { text(of: $0) }
        let published = (e.string("published", ns) ?? e.string("issued", ns)).flatMap(FeedDate.parse)
        let updated = (e.string("updated", ns) ?? e.string("modified", ns)).flatMap(FeedDate.parse)
        let summaryNode = e.child("summary", ns)
        let contentNode = e.child("content", ns)
        let contentHTML = contentNode.map { html(of: $0) } ?? summaryNode.map { html(of: $0) }
        let authors = e.children("author", ns).map { a in
            ParsedAuthor(name: a.string("name", ns), email: a.string("email", ns), uri: a.string("uri", ns))
        }
        let categories = e.children("category", ns).compactMap { $0.attribute("label") ?? $0.attribute("term") }
        let enclosures = e.children("link", ns).filter { $0.attribute("rel") == "enclosure" }.compactMap { l -> ParsedEnclosure? in
            guard let href = l.attribute("href") else { return nil }
            return ParsedEnclosure(url: FeedURL.resolve(href, against: base), type: l.attribute("type"), length: l.attribute("length").flatMap { Int($0) })
        }
        return ParsedEntry(
            id: EntryIdentity.id(explicit: e.string("id", ns), link: link, title: title, date: published ?? updated),
            title: title,
            link: link,
            summary: summaryNode.map { text(of: $0) }.flatMap { $0.isEmpty ? nil : $0 },
            content: contentHTML.map(HTMLText.plainText).flatMap { $0.isEmpty ? nil : $0 },
            contentHTML: contentHTML,
            published: published,
            updated: updated,
            authors: authors,
            categories: categories,
            enclosures: enclosures)
    }

    private static func alternateLink(_ node: XMLNode, ns: String?, base: String) -> String? {
        let links = node.children("link", ns)
        let alt = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
        return alt?.attribute("href").map { FeedURL.resolve($0, against: base) }
    }

    /// The construct's content as HTML, whatever its `type`.
    private static func html(of node: XMLNode) -> String {
        switch node.attribute("type")?.lowercased() {
        case "xhtml": return node.children.first.map { $0.innerXML } ?? node.innerXML
        case "html", "text/html": return node.text.trimmed
        default: return node.text.trimmed.xmlEscaped
        }
    }

    private static func text(of node: XMLNode) -> String {
        HTMLText.plainText(html(of: node))
    }
}
