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

    mutating func append(_ s: String) {
        for ch in s.unicodeScalars {
            if ch.properties.isWhitespace {
                pendingSpace = true
            } else {
                flushSeparator()
                out.unicodeScalars.append(ch)
            }
        }
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
