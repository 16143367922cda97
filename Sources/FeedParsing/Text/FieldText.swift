import Foundation
import Markup

/// An element's text as the fields of a `ParsedEntry` want it: plain text
/// for titles and summaries, plain text plus sanitised HTML for content.
enum FieldText {
    enum Kind { case text, html, xhtml }

    /// Short fields (titles, names) are cut to this many bytes before any
    /// work is done on them: no title needs more, and a 50 MB one costs nothing.
    static let shortFieldBytes = 64 << 10

    static func plain(_ node: XMLNode, as kind: Kind, short: Bool = true) -> String? {
        nonEmpty(render(node, as: kind, keepHTML: false, short: short, resolve: nil).text)
    }

    /// A body: its sanitised HTML now, its text when read (nil when there is neither).
    static func content(_ node: XMLNode, as kind: Kind, base: String?) -> BodyRendering? {
        let (bytes, kind) = source(node, as: kind, short: false)
        guard kind == .html else {
            let r = render(bytes, as: kind, keepHTML: true, resolve: nil)
            return r.text.isEmpty && r.html.isEmpty ? nil : BodyRendering(r)
        }
        let html = bytes.withUnsafeBufferPointer { HTMLText.sanitised(utf8: $0, resolve: FeedURL.resolver(against: base)) }
        // Every byte of text the renderer keeps is in the HTML too: no HTML, no text.
        return html.isEmpty ? nil : BodyRendering(html: html, text: DeferredText(html: bytes))
    }

    /// Text and HTML at once (nil when there is neither).
    static func rendering(_ node: XMLNode, as kind: Kind, base: String?) -> HTMLRendering? {
        let r = render(node, as: kind, keepHTML: true, short: false, resolve: FeedURL.resolver(against: base))
        return r.text.isEmpty && r.html.isEmpty ? nil : r
    }

    static func render(_ node: XMLNode, as kind: Kind, keepHTML: Bool, short: Bool,
                       resolve: ((String) -> String)?) -> HTMLRendering {
        let (bytes, kind) = source(node, as: kind, short: short)
        return render(bytes, as: kind, keepHTML: keepHTML, resolve: resolve)
    }

    /// The bytes to render for `node`, and as what: xhtml, and HTML a feed
    /// left unescaped, are written back as markup.
    private static func source(_ node: XMLNode, as kind: Kind, short: Bool) -> ([UInt8], Kind) {
        var bytes: [UInt8]
        var kind = kind
        if kind == .xhtml || node.hasElementChildren {
            let div = node.children.count == 1 && node.children[0].name == "div" && node.textBytes.allSatisfy(isSpace)
            bytes = div ? node.children[0].innerXML : node.innerXML
            kind = .html
        } else {
            bytes = node.textBytes
        }
        if short, bytes.count > shortFieldBytes { bytes = truncatedUTF8(bytes, to: shortFieldBytes) }
        // A title holding a tag no HTML has ("std::vector<bool>", "the <dialog> element") was text escaped
        // once: read as HTML it lost the word (trial2 finding 9).
        if short, kind == .html, bytes.withUnsafeBufferPointer(HTMLText.hasUnknownTag) { kind = .text }
        return (bytes, kind)
    }

    private static func render(_ bytes: [UInt8], as kind: Kind, keepHTML: Bool, resolve: ((String) -> String)?) -> HTMLRendering {
        bytes.withUnsafeBufferPointer { b in
            switch kind {
            case .text:
                let text = HTMLText.collapsingWhitespace(String(validUTF8: b))
                return HTMLRendering(text: text, html: keepHTML ? HTMLText.render(text, keepHTML: true).html : "")
            case .html, .xhtml:
                return HTMLText.render(utf8: b, keepHTML: keepHTML, resolve: resolve)
            }
        }
    }

    static func plain(_ string: String, as kind: Kind) -> String? {
        switch kind {
        case .text: return nonEmpty(HTMLText.collapsingWhitespace(string))
        case .html, .xhtml: return nonEmpty(HTMLText.render(string, keepHTML: false).text)
        }
    }

    static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    static func truncatedUTF8(_ bytes: [UInt8], to limit: Int) -> [UInt8] {
        var end = limit
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }
}

extension FieldText {
    /// Plain text as HTML that shows the same words: escaped, blank lines as paragraphs.
    static func plainAsHTML(_ text: String) -> String {
        var out = ""
        for para in text.components(separatedBy: "\n\n") where !para.trimmed.isEmpty {
            var escaped: [UInt8] = []
            XMLEscape.append(para.trimmed, to: &escaped)
            out += "<p>" + String(decoding: escaped, as: UTF8.self) + "</p>"
        }
        return out
    }
}
