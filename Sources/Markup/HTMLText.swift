import CLibXML2

/// HTML (or plain text) → readable plain text, and the same HTML sanitised,
/// through libxml2's forgiving HTML parser in one pass: scripts and styles
/// dropped, block elements become line breaks, entities decoded once, runs of
/// whitespace collapsed.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        render(html, keepHTML: false).text
    }

    /// Text that is not markup (an Atom `type="text"` construct): only whitespace is collapsed.
    public static func collapsingWhitespace(_ text: String) -> String {
        var builder = TextBuilder()
        var s = text
        s.withUTF8 { builder.append($0) }
        return builder.finish()
    }

    /// The text of `html` and, when `keepHTML`, its sanitised markup: only
    /// elements and attributes that carry content survive, links use safe
    /// schemes only, and `resolve` makes relative links absolute.
    public static func render(_ html: String, keepHTML: Bool = true, resolve: ((String) -> String)? = nil) -> HTMLRendering {
        var s = html
        return s.withUTF8 { render(utf8: $0, keepHTML: keepHTML, resolve: resolve) }
    }

    public static func render(utf8 bytes: UnsafeBufferPointer<UInt8>, keepHTML: Bool = true,
                              resolve: ((String) -> String)? = nil) -> HTMLRendering {
        // Fast path: nothing that looks like markup or an entity.
        if !bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            var builder = TextBuilder()
            builder.append(bytes)
            let text = builder.finish()
            return HTMLRendering(text: text, html: keepHTML ? HTMLSanitiser.escaped(bytes) : "")
        }
        let box = HTMLBox(keepHTML: keepHTML, resolve: resolve)
        var sax = htmlSAXHandler()
        sax.startElement = { ctx, name, attributes in
            guard let name else { return }
            HTMLBox.from(ctx).start(name, attributes)
        }
        sax.endElement = { ctx, name in
            guard let name else { return }
            HTMLBox.from(ctx).end(name)
        }
        sax.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            HTMLBox.from(ctx).text(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        let user = Unmanaged.passUnretained(box).toOpaque()
        guard let ctxt = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            return HTMLRendering(text: String(decoding: bytes, as: UTF8.self), html: "")
        }
        defer { htmlFreeParserCtxt(ctxt) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue)
        htmlCtxtUseOptions(ctxt, options)
        let chunk = 1 << 20
        var offset = 0
        repeat {
            let n = min(chunk, bytes.count - offset)
            let base = bytes.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            _ = htmlParseChunk(ctxt, base, Int32(n), offset + n >= bytes.count ? 1 : 0)
            offset += n
        } while offset < bytes.count
        return HTMLRendering(text: box.builder.finish(), html: box.sanitiser.finish())
    }
}

public struct HTMLRendering: Sendable, Hashable {
    /// Plain text: paragraphs separated by a blank line, whitespace collapsed.
    public var text: String
    /// Sanitised HTML (empty when not asked for).
    public var html: String

    public init(text: String, html: String) {
        self.text = text
        self.html = html
    }
}

/// Elements whose content is not text a reader sees.
let skippedElements: Set<String> = [
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math",
    "applet", "frameset", "frame", "noframes", "select", "textarea", "button",
]
/// Elements that end a line of text.
private let blockElements: Set<String> = [
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
    "td", "th", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "hr", "dl",
    "dt", "dd", "address", "main", "caption", "tbody", "thead", "tfoot", "form", "fieldset", "details", "summary",
]
private let paragraphElements: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "table", "ul", "ol"]

private final class HTMLBox {
    var builder = TextBuilder()
    var sanitiser: HTMLSanitiser
    var skipDepth = 0
    /// libxml2 interns element names: one Swift string per distinct pointer.
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    init(keepHTML: Bool, resolve: ((String) -> String)?) {
        sanitiser = HTMLSanitiser(enabled: keepHTML, resolve: resolve)
    }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> HTMLBox { Unmanaged<HTMLBox>.fromOpaque(ctx!).takeUnretainedValue() }

    private func name(_ p: UnsafePointer<xmlChar>) -> String {
        if let s = names[p] { return s }
        let s = String(cString: p).lowercased()
        names[p] = s
        return s
    }

    func start(_ raw: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let n = name(raw)
        if skippedElements.contains(n) { skipDepth += 1; return }
        guard skipDepth == 0 else { return }
        if blockElements.contains(n) { builder.breakLine(paragraph: paragraphElements.contains(n)) }
        sanitiser.start(n, attributes)
    }

    func end(_ raw: UnsafePointer<xmlChar>) {
        let n = name(raw)
        if skippedElements.contains(n) { skipDepth = max(0, skipDepth - 1); return }
        guard skipDepth == 0 else { return }
        if blockElements.contains(n) { builder.breakLine(paragraph: paragraphElements.contains(n)) }
        sanitiser.end(n)
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0 else { return }
        builder.append(bytes)
        sanitiser.text(bytes)
    }
}

/// Collapses whitespace as it goes, working on UTF-8 bytes; a line break or
/// paragraph break is kept only between two pieces of text. C1 controls (what
/// `&#150;` decodes to) read as windows-1252, as in a browser.
struct TextBuilder {
    private var out: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = 0 // 0 none, 1 line, 2 paragraph

    mutating func append(_ s: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = s.count
        while i < n {
            let b = s[i]
            if b < 0x80 {
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                    pendingSpace = true
                } else {
                    if pendingSpace || pendingBreak > 0 { flushSeparator() }
                    out.append(b)
                }
                i += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
            guard i + length <= n else { break }
            let scalar = Self.decode(s, at: i, length: length)
            i += length
            if Self.isSpace(scalar) { pendingSpace = true; continue }
            if pendingSpace || pendingBreak > 0 { flushSeparator() }
            if scalar >= 0x80, scalar <= 0x9F {
                UTF8Encoding.append(Windows1252.scalar(UInt8(scalar)), to: &out)
            } else {
                for k in (i - length)..<i { out.append(s[k]) }
            }
        }
    }

    static func decode(_ s: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        switch length {
        case 2: return UInt32(s[i] & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F)
        case 3: return UInt32(s[i] & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F)
        default: return UInt32(s[i] & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F)
        }
    }

    /// Unicode white space (no-break spaces included: feeds use them for layout).
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    mutating func breakLine(paragraph: Bool) {
        pendingBreak = max(pendingBreak, paragraph ? 2 : 1)
    }

    private mutating func flushSeparator() {
        if !out.isEmpty {
            if pendingBreak == 2 {
                out.append(0x0A); out.append(0x0A)
            } else if pendingBreak == 1 {
                out.append(0x0A)
            } else if pendingSpace {
                out.append(0x20)
            }
        }
        pendingBreak = 0
        pendingSpace = false
    }

    func finish() -> String { String(decoding: out, as: UTF8.self) }
}
