import CLibXML2

/// Writes back the HTML that is safe and meaningful to keep for analysis:
/// an allow-list of elements and attributes, links with safe schemes only.
struct HTMLSanitiser {
    let enabled: Bool
    let resolve: ((String) -> String)?
    private var out: [UInt8] = []

    init(enabled: Bool, resolve: ((String) -> String)?) {
        self.enabled = enabled
        self.resolve = resolve
    }

    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd",
        "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp", "section", "small", "source", "span", "strike",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u",
        "ul", "var", "video",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img", "col", "source", "wbr"]
    static let allowedAttributes: Set<String> = [
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "datetime", "cite", "lang", "dir",
        "poster", "controls", "start", "type", "srcset",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel", "news"]

    mutating func start(_ name: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard enabled, Self.allowedElements.contains(name) else { return }
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        if var p = attributes {
            while let key = p.pointee {
                let value = p.successor().pointee
                p = p.advanced(by: 2)
                let k = String(cString: key).lowercased()
                guard Self.allowedAttributes.contains(k) else { continue }
                var v = value.map { String(cString: $0) } ?? ""
                if k == "srcset" { continue }
                if Self.urlAttributes.contains(k) {
                    guard let safe = safeURL(v) else { continue }
                    v = safe
                }
                out.append(0x20)
                out.append(contentsOf: k.utf8)
                out.append(contentsOf: "=\"".utf8)
                Self.escape(Array(v.utf8)[...], into: &out, attribute: true)
                out.append(0x22)
            }
        }
        out.append(0x3E)
    }

    mutating func end(_ name: String) {
        guard enabled, Self.allowedElements.contains(name), !Self.voidElements.contains(name) else { return }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard enabled else { return }
        Self.escape(bytes[...], into: &out, attribute: false)
    }

    func finish() -> String { String(decoding: out, as: UTF8.self) }

    /// A link kept only with a safe scheme (or none: then made absolute).
    private func safeURL(_ raw: String) -> String? {
        let v = raw.trimmingCharacters(in: " \t\r\n")
        if let colon = v.firstIndex(of: ":") {
            let scheme = v[..<colon]
            if !scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
                return Self.safeSchemes.contains(scheme.lowercased()) ? v : nil
            }
        }
        return resolve?(v) ?? v
    }

    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        escape(bytes[...], into: &out, attribute: false)
        return String(decoding: out, as: UTF8.self)
    }

    static func escape<C: Collection>(_ bytes: C, into out: inout [UInt8], attribute: Bool) where C.Element == UInt8 {
        for b in bytes {
            switch b {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22 where attribute: out.append(contentsOf: "&quot;".utf8)
            default: out.append(b)
            }
        }
    }
}
