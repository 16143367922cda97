import Markup

/// A small element tree built from SAX events; feeds are shallow, and the
/// format adapters read it by local name and namespace.
final class XMLNode {
    let name: String
    let namespace: String?
    let attributes: [XMLAttribute]
    // Unchecked: only the tree builder writes these, one SAX event at a time,
    // and a checked access per text piece showed in the parser's profile.
    @exclusivity(unchecked) private(set) var children: [XMLNode] = []
    /// The element's own character data (not its descendants'), UTF-8.
    @exclusivity(unchecked) private(set) var textBytes: [UInt8] = []
    /// Where this element starts within its parent's `textBytes`, so mixed
    /// content can be written back in order (kept here, not in an array of
    /// the parent's: one allocation fewer per element with children).
    @exclusivity(unchecked) private var offsetInParent = 0

    /// Longer text is cut: no field of a feed needs more, and a hostile one cannot make us hold more.
    static let maxTextBytes = 8 << 20

    init(name: String, namespace: String?, attributes: [XMLAttribute]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    func append(child: XMLNode) {
        child.offsetInParent = textBytes.count
        // An item has a dozen children: room for eight at once saves three regrowths.
        if children.isEmpty { children.reserveCapacity(8) }
        children.append(child)
    }

    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = Self.maxTextBytes - textBytes.count
        if bytes.count <= room {
            textBytes.append(contentsOf: bytes)
        } else if room > 0 {
            textBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<room]))
        }
    }

    var text: String { String(decoding: textBytes, as: UTF8.self) }

    /// Whether there is text that is not white space (without making a string of it).
    var hasText: Bool {
        textBytes.contains { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
    }

    /// Text or elements: something to render.
    var hasContent: Bool { hasText || hasElementChildren }

    /// The text, trimmed; nil when there is none.
    var trimmedText: String? {
        let t = text.trimmed
        return t.isEmpty ? nil : t
    }

    func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    func child(_ name: String, _ namespace: String? = nil) -> XMLNode? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    func children(_ name: String, _ namespace: String? = nil) -> [XMLNode] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    /// Trimmed text of the first such child that has any.
    func string(_ name: String, _ namespace: String? = nil) -> String? {
        for c in children where c.name == name && c.namespace == namespace {
            if let t = c.trimmedText { return t }
        }
        return nil
    }

    /// The content written back as markup, text escaped, in document order
    /// (for xhtml content and for HTML that a feed left unescaped).
    var innerXML: [UInt8] {
        let out = ByteBuffer(capacity: textBytes.count * 2 + 64)
        writeInner(to: out, depth: 0)
        return Array(out.bytes)
    }

    private func writeInner(to out: ByteBuffer, depth: Int) {
        textBytes.withUnsafeBufferPointer { text in
            var from = 0
            for child in children {
                let offset = child.offsetInParent
                XMLEscape.append(UnsafeBufferPointer(rebasing: text[from..<offset]), to: out)
                from = offset
                out.append(0x3C)
                out.append(child.name)
                for a in child.attributes where a.namespace == nil || a.prefix == "xml" {
                    out.append(0x20)
                    out.append(a.name)
                    out.append(0x3D); out.append(0x22) // ="
                    var value = a.value
                    value.withUTF8 { XMLEscape.append($0, to: out, quote: true) }
                    out.append(0x22)
                }
                out.append(0x3E)
                if depth < 256 { child.writeInner(to: out, depth: depth + 1) }
                out.append(0x3C); out.append(0x2F) // </
                out.append(child.name)
                out.append(0x3E)
            }
            XMLEscape.append(UnsafeBufferPointer(rebasing: text[from...]), to: out)
        }
    }

    var hasElementChildren: Bool { !children.isEmpty }
}

enum XMLEscape {
    static func append(_ string: String, to out: inout [UInt8], quote: Bool = false) {
        let buffer = ByteBuffer(capacity: string.utf8.count + 16)
        var s = string
        s.withUTF8 { append($0, to: buffer, quote: quote) }
        out.append(contentsOf: buffer.bytes)
    }

    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteBuffer, quote: Bool = false) {
        out.appendEscaped(bytes, quote: quote)
    }
}

extension String {
    var trimmed: String {
        let u = utf8
        guard let first = u.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !Self.isSpace($0) })!
        if first == u.startIndex, u.index(after: last) == u.endIndex { return self }
        return String(self[first...last])
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
}
