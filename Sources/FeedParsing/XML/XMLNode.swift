import Markup

/// An element of a document's tree (see `XMLTree`); feeds are shallow, and
/// the format adapters read it by local name and namespace.
struct XMLNode {
    let tree: XMLTree
    let index: Int32

    /// Longer text is cut: no field of a feed needs more, and a hostile one cannot make us hold more.
    static let maxTextBytes = 8 << 20

    private var element: XMLTree.Element { tree.elements[Int(index)] }
    var name: String { element.name }
    var namespace: String? { element.namespace }
    var attributes: [XMLAttribute] { element.attributes }

    /// The child elements, in document order.
    var children: [XMLNode] {
        var out: [XMLNode] = []
        forEachChild { out.append($0) }
        return out
    }

    @inline(__always)
    private func forEachChild(_ body: (XMLNode) -> Void) {
        var c = tree.elements[Int(index)].firstChild
        while c >= 0 {
            body(XMLNode(tree: tree, index: c))
            c = tree.elements[Int(c)].nextSibling
        }
    }

    /// The element's own character data (not its descendants'), UTF-8.
    var textBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(element.textCount))
        tree.forEachRun(of: index) { out.append(contentsOf: $0) }
        return out
    }

    var text: String {
        let e = element
        // One run (all text without mixed content) is read where it lies.
        if e.firstRun >= 0, e.firstRun == e.lastRun {
            let run = tree.runs[Int(e.firstRun)]
            return String(decoding: UnsafeBufferPointer(rebasing: tree.text.bytes[run.start..<(run.start + Int(run.count))]), as: UTF8.self)
        }
        return String(decoding: textBytes, as: UTF8.self)
    }

    /// Whether there is text that is not white space (without making a string of it).
    var hasText: Bool {
        var found = false
        tree.forEachRun(of: index) { run in
            if !found { found = run.contains { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) } }
        }
        return found
    }

    /// Text or elements: something to render.
    var hasContent: Bool { hasText || hasElementChildren }

    /// The text, trimmed; nil when there is none.
    var trimmedText: String? {
        let t = text.trimmed
        return t.isEmpty ? nil : t
    }

    func attribute(_ name: String, namespace: String? = nil) -> String? {
        element.attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    func child(_ name: String, _ namespace: String? = nil) -> XMLNode? {
        var c = tree.elements[Int(index)].firstChild
        while c >= 0 {
            let e = tree.elements[Int(c)]
            if Self.same(e.name, name) && e.namespace == namespace { return XMLNode(tree: tree, index: c) }
            c = e.nextSibling
        }
        return nil
    }

    func children(_ name: String, _ namespace: String? = nil) -> [XMLNode] {
        var out: [XMLNode] = []
        var c = tree.elements[Int(index)].firstChild
        while c >= 0 {
            let e = tree.elements[Int(c)]
            if Self.same(e.name, name) && e.namespace == namespace { out.append(XMLNode(tree: tree, index: c)) }
            c = e.nextSibling
        }
        return out
    }

    /// Trimmed text of the first such child that has any.
    func string(_ name: String, _ namespace: String? = nil) -> String? {
        var c = tree.elements[Int(index)].firstChild
        while c >= 0 {
            let e = tree.elements[Int(c)]
            if Self.same(e.name, name) && e.namespace == namespace, let t = XMLNode(tree: tree, index: c).trimmedText { return t }
            c = e.nextSibling
        }
        return nil
    }

    /// The content written back as markup, text escaped, in document order
    /// (for xhtml content and for HTML that a feed left unescaped).
    var innerXML: [UInt8] {
        let out = ByteBuffer(capacity: Int(element.textCount) * 2 + 64)
        writeInner(to: out, depth: 0)
        return Array(out.bytes)
    }

    private func writeInner(to out: ByteBuffer, depth: Int) {
        let own = textBytes
        own.withUnsafeBufferPointer { text in
            var from = 0
            forEachChild { child in
                let e = child.element
                let offset = Int(e.offsetInParent)
                XMLEscape.append(UnsafeBufferPointer(rebasing: text[from..<offset]), to: out)
                from = offset
                out.append(0x3C)
                out.append(e.name)
                for a in e.attributes where a.namespace == nil || a.prefix == "xml" {
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
                out.append(e.name)
                out.append(0x3E)
            }
            XMLEscape.append(UnsafeBufferPointer(rebasing: text[from...]), to: out)
        }
    }

    /// String equality, the lengths compared first: most names a lookup passes
    /// differ in length, and a full comparison of two unequal names cost ~40
    /// instructions in the parser's profile (a lookup passes a dozen siblings).
    @inline(__always)
    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    var hasElementChildren: Bool { tree.elements[Int(index)].firstChild >= 0 }

    /// The same element of the same tree.
    static func == (a: XMLNode, b: XMLNode) -> Bool { a.tree === b.tree && a.index == b.index }
    static func != (a: XMLNode, b: XMLNode) -> Bool { !(a == b) }
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
