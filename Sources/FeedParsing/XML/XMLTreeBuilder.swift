import Markup

/// Builds the tree; text is attached to the innermost open element.
final class XMLTreeBuilder: XMLEventHandler {
    private(set) var root: XMLNode?
    private var stack: [XMLNode] = []
    /// Bounds the work a hostile, deeply nested document can cause; no feed nests this deep.
    private let maxDepth = 256

    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
        let ns = Namespace.canonical(namespace, prefix: prefix)
        let node = XMLNode(name: name, namespace: ns, attributes: attributes)
        if stack.count >= maxDepth { stack.append(node); return }
        if let parent = stack.last { parent.append(child: node) } else if root == nil { root = node }
        stack.append(node)
    }

    func endElement() {
        _ = stack.popLast()
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if stack.count <= maxDepth { stack.last?.appendText(bytes) }
    }
}
