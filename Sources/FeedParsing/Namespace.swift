/// The namespaces feeds use, and the URIs they are written with in the wild.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let media = "http://search.yahoo.com/mrss/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Prefixes feeds use without declaring them.
    private static let byPrefix: [String: String] = [
        "dc": dc, "dcterms": dcterms, "content": content, "media": media, "itunes": itunes, "atom": atom10,
        "rdf": rdf, "xhtml": xhtml,
    ]
    /// Misspelt or variant URIs seen in real feeds.
    private static let variants: [String: String] = [
        "http://purl.org/dc/elements/1.1": dc, "https://purl.org/dc/elements/1.1/": dc,
        "http://purl.org/dc/terms": dcterms,
        "http://purl.org/rss/1.0/modules/content": content,
        "http://search.yahoo.com/mrss": media, "https://search.yahoo.com/mrss/": media,
        "http://www.itunes.com/DTDs/Podcast-1.0.dtd": itunes, "https://www.itunes.com/dtds/podcast-1.0.dtd": itunes,
        "http://www.w3.org/2005/atom": atom10, "https://www.w3.org/2005/Atom": atom10,
        "http://purl.org/atom/ns": atom03,
        "http://purl.org/rss/1.0": rss10,
        "http://backend.userland.com/rss2": "", "http://blogs.law.harvard.edu/tech/rss": "",
    ]

    /// The namespace an element is meant to be in.
    static func canonical(_ uri: String?, prefix: String?) -> String? {
        guard let uri else { return prefix.flatMap { byPrefix[$0.lowercased()] } }
        if let v = variants[uri] { return v.isEmpty ? nil : v }
        return uri
    }
}
