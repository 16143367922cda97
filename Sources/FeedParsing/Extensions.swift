/// Dublin Core, Media RSS and iTunes elements, read where a format's own
/// elements are missing (they appear in RSS and Atom alike).
enum Extensions {
    static func title(_ e: XMLNode) -> String? {
        (e.child("title", Namespace.dc) ?? mediaChild(e, "title")).flatMap { FieldText.plain($0, as: .text) }
    }

    static func summary(_ e: XMLNode) -> XMLNode? {
        [e.child("summary", Namespace.itunes), mediaChild(e, "description"), e.child("description", Namespace.dc),
         e.child("abstract", Namespace.dcterms), e.child("subtitle", Namespace.itunes)]
            .lazy.compactMap { $0 }.first { $0.hasContent }
    }

    static func published(_ e: XMLNode) -> String? {
        e.string("date", Namespace.dc) ?? e.string("issued", Namespace.dcterms) ?? e.string("created", Namespace.dcterms)
            ?? e.string("published", Namespace.atom10) ?? e.string("created", Namespace.dc)
    }

    static func updated(_ e: XMLNode) -> String? {
        e.string("updated", Namespace.atom10) ?? e.string("modified", Namespace.dcterms)
    }

    static func authors(_ e: XMLNode) -> [ParsedAuthor] {
        var out = e.children("creator", Namespace.dc).compactMap { $0.trimmedText.flatMap(RSSAuthor.parse) }
        if out.isEmpty { out = e.children("author", Namespace.itunes).compactMap { $0.trimmedText.flatMap(RSSAuthor.parse) } }
        if out.isEmpty {
            out = e.children("author", Namespace.atom10).compactMap { a in
                let author = ParsedAuthor(name: a.string("name", Namespace.atom10).flatMap { FieldText.plain($0, as: .text) },
                                          email: a.string("email", Namespace.atom10), uri: a.string("uri", Namespace.atom10))
                return author.isEmpty ? nil : author
            }
        }
        if out.isEmpty {
            out = mediaChildren(e, "credit").filter { ($0.attribute("role") ?? "author") == "author" }
                .compactMap { $0.trimmedText.map { ParsedAuthor(name: $0) } }
        }
        return out
    }

    static func categories(_ e: XMLNode) -> [String] {
        e.children("subject", Namespace.dc).compactMap(\.trimmedText)
            + mediaChildren(e, "category").compactMap(\.trimmedText)
    }

    static func keywords(_ e: XMLNode) -> [String] {
        (e.string("keywords", Namespace.itunes) ?? mediaChild(e, "keywords")?.trimmedText).map {
            $0.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        } ?? []
    }

    /// media:content (alone or in a media:group) as enclosures.
    static func mediaEnclosures(_ e: XMLNode, base: String?) -> [ParsedEnclosure] {
        let contents = e.children("content", Namespace.media) + e.children("group", Namespace.media).flatMap { $0.children("content", Namespace.media) }
        return contents.compactMap { c in
            guard let url = c.attribute("url")?.trimmed, !url.isEmpty else { return nil }
            let type = c.attribute("type") ?? c.attribute("medium")
            return ParsedEnclosure(url: FeedURL.resolve(url, against: base), type: type, length: c.attribute("fileSize").flatMap(integer))
        }
    }

    static func integer(_ s: String) -> Int? { Int(s.trimmed) }

    private static func mediaChild(_ e: XMLNode, _ name: String) -> XMLNode? {
        e.child(name, Namespace.media) ?? e.child("group", Namespace.media)?.child(name, Namespace.media)
            ?? e.child("content", Namespace.media)?.child(name, Namespace.media)
    }

    private static func mediaChildren(_ e: XMLNode, _ name: String) -> [XMLNode] {
        e.children(name, Namespace.media) + (e.child("group", Namespace.media)?.children(name, Namespace.media) ?? [])
            + (e.child("content", Namespace.media)?.children(name, Namespace.media) ?? [])
    }
}

extension ParsedAuthor {
    var isEmpty: Bool { name == nil && email == nil && uri == nil }
}

extension Array where Element == String {
    /// In order, each once.
    var uniqued: [String] {
        // A handful of categories: comparing each with those kept beats building a set.
        guard count > 16 else {
            var out: [String] = []
            for s in self where !out.contains(s) { out.append(s) }
            return out
        }
        var seen: Set<String> = []
        return filter { seen.insert($0).inserted }
    }
}
