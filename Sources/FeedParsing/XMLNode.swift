import Markup

/// A small element tree built from SAX events; feeds are shallow, and the
/// format adapters read it by local name and namespace.
final class XMLNode {
    let name: String
    let namespace: String?
    let attributes: [XMLAttribute]
    var children: [XMLNode] = []
    private var textBytes: [UInt8] = []

    init(name: String, namespace: String?, attributes: [XMLAttribute]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    /// The element's own character data (not its descendants').
    var text: String { String(decoding: textBytes, as: UTF8.self) }
    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) { textBytes.append(contentsOf: bytes) }

    func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    func child(_ name: String, _ namespace: String? = nil) -> XMLNode? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    func children(_ name: String, _ namespace: String? = nil) -> [XMLNode] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    /// Trimmed text of the first such child, nil when missing or empty.
    func string(_ name: String, _ namespace: String? = nil) -> String? {
        guard let t = child(name, namespace)?.text.trimmed, !t.isEmpty else { return nil }
        return t
    }

    /// The subtree serialised back to markup (for Atom's `type="xhtml"` content).
    var innerXML: String {
        var out = text.xmlEscaped
        for c in children {
            let attrs = c.attributes.map { " \($0.name)=\"\($0.value.xmlEscaped)\"" }.joined()
            out += "<\(c.name)\(attrs)>\(c.innerXML)</\(c.name)>"
        }
        return out
    }
}

/// Builds the tree; text is attached to the innermost open element.
final class XMLTreeBuilder: XMLEventHandler {
    private(set) var root: XMLNode?
    private var stack: [XMLNode] = []
    /// Bounds the work a hostile, deeply nested document can cause.
    private let maxDepth = 512

    func startElement(name: String, namespace: String?, attributes: [XMLAttribute]) {
        let node = XMLNode(name: name, namespace: namespace, attributes: attributes)
        if stack.count >= maxDepth { stack.append(node); return }
        if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    func endElement(name: String, namespace: String?) {
        _ = stack.popLast()
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        stack.last?.appendText(bytes)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: " \t\r\n") }

    var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
