import Glibc

/// Writes back the HTML that is safe and meaningful to keep for analysis:
/// an allow-list of elements and attributes, links with safe schemes only.
struct HTMLSanitiser {
    let enabled: Bool
    let resolve: ((String) -> String)?
    private let out: ByteBuffer

    init(enabled: Bool, resolve: ((String) -> String)?, capacity: Int = 0) {
        self.enabled = enabled
        self.resolve = resolve
        out = ByteBuffer(capacity: capacity)
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
        "poster", "controls", "start", "type",
    ]
    private static let allowedAttributeKeys: [(NameKey, String)] = allowedAttributes.sorted().map { name in
        (Array(name.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0)! }, name)
    }

    /// The attribute named by `bytes` (any case), lowercased, if it is kept; no string is made for the others.
    static func allowedAttribute(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let key = NameKey(lowercasing: bytes) else { return nil }
        return allowedAttributeKeys.first { $0.0 == key }?.1
    }
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel", "news"]

    /// The attributes that hold links (compared in place: short strings need no hashing).
    private static func isURLAttribute(_ name: String) -> Bool {
        name == "href" || name == "src" || name == "cite" || name == "poster"
    }

    /// Allowed elements open in the output, so that it comes out balanced
    /// (by name key: comparing and writing one costs no string work).
    private var open: [NameKey] = []
    static let closesItself: Set<String> = ["p", "li", "dt", "dd", "tr", "td", "th"]

    /// `role` is an allowed element.
    mutating func start(_ role: ElementRole, _ attributes: [(String, String)]) {
        guard enabled else { return }
        if role.closesItself, open.last == role.key { end(role) }
        out.append(0x3C)
        Self.write(role.key, to: out)
        for (k, raw) in attributes { // only allowed ones: see `allowedAttribute`
            var v = raw
            if Self.isURLAttribute(k) {
                guard let safe = safeURL(v) else { continue }
                v = safe
            }
            out.append(0x20)
            out.append(k)
            out.append("=\"")
            var value = v
            value.withUTF8 { out.appendEscaped($0, quote: true) }
            out.append(0x22)
        }
        out.append(0x3E)
        if !role.void { open.append(role.key) }
    }

    /// `role` is an allowed element that is not void; an end tag with no
    /// matching start is dropped, one that skips open elements closes them.
    mutating func end(_ role: ElementRole) {
        guard enabled, let k = open.lastIndex(of: role.key) else { return }
        for key in open[k...].reversed() { Self.writeEndTag(key, to: out) }
        open.removeSubrange(k...)
    }

    /// `markupFree`: `bytes` hold no "<" and no "&" (the renderer's runs of
    /// text), so only ">" is escaped, found with `memchr`: a second scan for
    /// three bytes cost as much as the renderer's own.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, markupFree: Bool = false) {
        guard enabled else { return }
        if markupFree { Self.escapeGreaterThan(bytes, into: out) } else { Self.escape(bytes, into: out) }
    }

    private static func escapeGreaterThan(_ bytes: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) {
        guard let base = bytes.baseAddress else { return }
        var from = 0
        while from < bytes.count, let hit = memchr(base + from, 0x3E, bytes.count - from) {
            let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            out.append(UnsafeBufferPointer(rebasing: bytes[from..<at]))
            out.append("&gt;")
            from = at + 1
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[from...]))
    }

    mutating func finish() -> String {
        for key in open.reversed() { Self.writeEndTag(key, to: out) }
        open.removeAll()
        return out.string()
    }

    /// A link kept only with a safe scheme (or none: then made absolute).
    private func safeURL(_ raw: String) -> String? {
        let v = raw.trimmed
        let u = v.utf8
        if let colon = u.firstIndex(of: 0x3A) {
            let scheme = u[..<colon]
            if !scheme.contains(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) { // "/", "?", "#"
                return Self.isSafeScheme(scheme) ? v : nil
            }
        }
        return resolve?(v) ?? v
    }

    private static let safeSchemeKeys: [NameKey] = safeSchemes.map { Array($0.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0)! } }

    private static func isSafeScheme(_ scheme: Substring.UTF8View) -> Bool {
        guard scheme.count <= 15 else { return false }
        let key = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scheme.count) { buf -> NameKey? in
            _ = buf.initialize(from: scheme)
            return NameKey(lowercasing: UnsafeBufferPointer(buf))
        }
        return key.map(safeSchemeKeys.contains) ?? false
    }

    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let out = ByteBuffer(capacity: bytes.count + 16)
        escape(bytes, into: out)
        return out.string()
    }

    /// An element's (lowercased) name, from its key.
    private static func write(_ key: NameKey, to out: ByteBuffer) {
        let length = Int(key.high >> 56)
        out.append(word: key.low, count: min(length, 8))
        if length > 8 { out.append(word: key.high & 0x00FF_FFFF_FFFF_FFFF, count: length - 8) }
    }

    private static func writeEndTag(_ key: NameKey, to out: ByteBuffer) {
        out.append(0x3C); out.append(0x2F) // "</"
        write(key, to: out)
        out.append(0x3E)
    }

    /// Text escaped for HTML.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) {
        out.appendEscaped(bytes)
    }
}
