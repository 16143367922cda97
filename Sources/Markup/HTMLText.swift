import CLibXML2

/// HTML (or plain text) → readable plain text, through libxml2's forgiving HTML
/// parser: scripts and styles dropped, block elements become line breaks,
/// entities decoded once, runs of whitespace collapsed.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        // Fast path: nothing that looks like markup or an entity.
        if !html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            var builder = TextBuilder()
            builder.append(html)
            return builder.finish()
        }
        let box = HTMLBox()
        var sax = htmlSAXHandler()
        sax.startElement = { ctx, name, _ in
            guard let name else { return }
            HTMLBox.from(ctx).start(String(cString: name))
        }
        sax.endElement = { ctx, name in
            guard let name else { return }
            HTMLBox.from(ctx).end(String(cString: name))
        }
        sax.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            HTMLBox.from(ctx).text(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        var bytes = Array(html.utf8)
        let user = Unmanaged.passUnretained(box).toOpaque()
        guard let ctxt = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            return html
        }
        defer { htmlFreeParserCtxt(ctxt) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue)
        htmlCtxtUseOptions(ctxt, options)
        bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                _ = htmlParseChunk(ctxt, p, Int32(buf.count), 1)
            }
        }
        return box.builder.finish()
    }
}

/// Elements whose content is not text a reader sees.
private let skippedElements: Set<String> = ["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"]
/// Elements that end a line of text.
private let blockElements: Set<String> = [
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
    "td", "th", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "hr", "dl",
    "dt", "dd", "address", "main", "caption", "tbody", "thead", "tfoot", "form", "fieldset",
]

private final class HTMLBox {
    var builder = TextBuilder()
    var skipDepth = 0

    static func from(_ ctx: UnsafeMutableRawPointer?) -> HTMLBox { Unmanaged<HTMLBox>.fromOpaque(ctx!).takeUnretainedValue() }

    func start(_ name: String) {
        let n = name.lowercased()
        if skippedElements.contains(n) { skipDepth += 1; return }
        if blockElements.contains(n) { builder.breakLine(paragraph: n == "p" || n.hasPrefix("h") || n == "blockquote") }
    }

    func end(_ name: String) {
        let n = name.lowercased()
        if skippedElements.contains(n) { skipDepth = max(0, skipDepth - 1); return }
        if blockElements.contains(n) { builder.breakLine(paragraph: n == "p" || n.hasPrefix("h") || n == "blockquote") }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0 else { return }
        builder.append(String(decoding: bytes, as: UTF8.self))
    }
}

/// Collapses whitespace as it goes; a line break or paragraph break is kept
/// only between two pieces of text.
struct TextBuilder {
    private var out = ""
    private var pendingSpace = false
    private var pendingBreak = 0 // 0 none, 1 line, 2 paragraph

    /// Works on the UTF-8 bytes, copying runs of non-space text whole: a scalar at a
    /// time cost as much as all of the analysis after it.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { b in
            var run = -1
            var i = 0
            while i < b.count {
                let width = Self.whitespaceWidth(b, i)
                if width == 0 {
                    if run < 0 { flushSeparator(); run = i }
                    i += 1
                    continue
                }
                if run >= 0 { out += String(decoding: UnsafeBufferPointer(rebasing: b[run..<i]), as: UTF8.self); run = -1 }
                pendingSpace = true
                i += width
            }
            if run >= 0 { out += String(decoding: UnsafeBufferPointer(rebasing: b[run..<b.count]), as: UTF8.self) }
        }
    }

    /// Byte length of the white space (Unicode's White_Space) starting at `i`, or 0.
    @inline(__always)
    private static func whitespaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let c = b[i]
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) { return 1 }
        if c < 0xC2 { return 0 }
        if c == 0xC2, i + 1 < b.count, b[i + 1] == 0x85 || b[i + 1] == 0xA0 { return 2 }
        guard c == 0xE1 || c == 0xE2 || c == 0xE3, i + 2 < b.count else { return 0 }
        let c1 = b[i + 1], c2 = b[i + 2]
        if c == 0xE1 { return c1 == 0x9A && c2 == 0x80 ? 3 : 0 }
        if c == 0xE3 { return c1 == 0x80 && c2 == 0x80 ? 3 : 0 }
        if c1 == 0x80, c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF { return 3 }
        return c1 == 0x81 && c2 == 0x9F ? 3 : 0
    }

    mutating func breakLine(paragraph: Bool) {
        pendingBreak = max(pendingBreak, paragraph ? 2 : 1)
    }

    private mutating func flushSeparator() {
        if !out.isEmpty {
            if pendingBreak == 2 { out += "\n\n" } else if pendingBreak == 1 { out += "\n" } else if pendingSpace { out += " " }
        }
        pendingBreak = 0
        pendingSpace = false
    }

    func finish() -> String { out }
}
