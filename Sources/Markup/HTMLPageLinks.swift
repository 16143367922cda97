import CLibXML2

/// What an HTML page says about itself: its title, its `<base href>`, and the
/// feeds it advertises with `<link rel="alternate" type="application/rss+xml" href=…>`.
public struct HTMLPageLinks: Sendable, Hashable {
    public struct Alternate: Sendable, Hashable {
        public var href: String
        public var type: String
        public var title: String?
    }

    public var title: String?
    public var base: String?
    public var alternates: [Alternate] = []

    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/rdf+xml", "application/xml", "text/xml",
    ]

    /// Reads the page's head (libxml2's HTML parser; stops at `<body>`).
    public static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) -> HTMLPageLinks {
        let box = PageBox()
        var sax = htmlSAXHandler()
        sax.startElement = { ctx, name, attributes in
            guard let name else { return }
            PageBox.from(ctx).start(String(cString: name).lowercased(), attributes)
        }
        sax.endElement = { ctx, name in
            guard let name else { return }
            PageBox.from(ctx).end(String(cString: name).lowercased())
        }
        sax.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            let box = PageBox.from(ctx)
            if box.inTitle, box.title.count < 4096 { box.title.append(contentsOf: UnsafeBufferPointer(start: ch, count: Int(len))) }
        }
        sax.serror = { _, _ in }
        let user = Unmanaged.passUnretained(box).toOpaque()
        guard let ctxt = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return box.links }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            htmlFreeParserCtxt(ctxt)
        }
        // The bytes are UTF-8 already: a <meta charset> must not make libxml2 convert them again.
        htmlCtxtUseOptions(ctxt, Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                                       | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue))
        let chunk = 1 << 16
        var offset = 0
        repeat {
            let n = min(chunk, bytes.count - offset)
            let base = bytes.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            _ = htmlParseChunk(ctxt, base, Int32(n), offset + n >= bytes.count ? 1 : 0)
            offset += n
        } while offset < bytes.count && !box.done
        var links = box.links
        let title = HTMLText.collapsingWhitespace(String(decoding: box.title, as: UTF8.self))
        links.title = title.isEmpty ? nil : title
        return links
    }
}

private final class PageBox {
    var links = HTMLPageLinks()
    var title: [UInt8] = []
    var inTitle = false
    var done = false

    static func from(_ ctx: UnsafeMutableRawPointer?) -> PageBox { Unmanaged<PageBox>.fromOpaque(ctx!).takeUnretainedValue() }

    func start(_ name: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard !done else { return }
        switch name {
        case "title": inTitle = links.title == nil
        case "body": done = true
        case "base", "link":
            var attrs: [String: String] = [:]
            if var p = attributes {
                while let key = p.pointee {
                    attrs[String(cString: key).lowercased()] = p.successor().pointee.map { String(cString: $0) } ?? ""
                    p = p.advanced(by: 2)
                }
            }
            guard let href = attrs["href"]?.trimmingCharacters(in: " \t\r\n"), !href.isEmpty else { return }
            if name == "base" {
                if links.base == nil { links.base = href }
                return
            }
            let rel = (attrs["rel"] ?? "").lowercased().split(separator: " ")
            let type = (attrs["type"] ?? "").lowercased().trimmingCharacters(in: " \t")
            guard rel.contains("alternate"), HTMLPageLinks.feedTypes.contains(type) else { return }
            links.alternates.append(.init(href: href, type: type, title: attrs["title"]))
        default: break
        }
    }

    func end(_ name: String) {
        if name == "title" { inTitle = false }
        if name == "head" { done = true }
    }
}
