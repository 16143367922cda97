import Foundation
import Markup

/// Atom's text constructs: `type` text, html or xhtml (Atom 1.0), or a MIME
/// type with `mode` escaped, xml or base64 (Atom 0.3).
enum AtomText {
    static func kind(of node: XMLNode) -> FieldText.Kind {
        let type = (node.attribute("type") ?? "text").lowercased()
        if type == "xhtml" || type.hasSuffix("xhtml+xml") { return .xhtml }
        if type == "html" || type.containsBytes("html") { return node.attribute("mode") == "xml" && node.hasElementChildren ? .xhtml : .html }
        if node.attribute("mode") == "escaped" { return .html }
        if node.attribute("mode") == "xml" { return .xhtml }
        return .text
    }

    static func plain(_ node: XMLNode) -> String? {
        if let decoded = base64(node) { return FieldText.plain(decoded, as: kind(of: node)) }
        return FieldText.plain(node, as: kind(of: node))
    }

    /// A body: its HTML now, its text when read.
    static func content(_ node: XMLNode, base: String?) -> BodyRendering? {
        if let decoded = base64(node) { return rendering(decoded: decoded, base: base).map(BodyRendering.init) }
        return FieldText.content(node, as: kind(of: node), base: base)
    }

    /// Text and HTML at once (for a summary that serves as the body).
    static func rendering(_ node: XMLNode, base: String?) -> HTMLRendering? {
        if let decoded = base64(node) { return rendering(decoded: decoded, base: base) }
        return FieldText.rendering(node, as: kind(of: node), base: base)
    }

    private static func rendering(decoded: String, base: String?) -> HTMLRendering? {
        let r = HTMLText.render(decoded, keepHTML: true, resolve: FeedURL.resolver(against: base))
        return r.text.isEmpty ? nil : r
    }

    /// Atom 0.3's `mode="base64"`.
    private static func base64(_ node: XMLNode) -> String? {
        guard node.attribute("mode") == "base64", let t = node.trimmedText,
              let data = Data(base64Encoded: t, options: .ignoreUnknownCharacters) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
