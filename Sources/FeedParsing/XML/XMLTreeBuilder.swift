import Markup

/// Builds the tree; text is attached to the innermost open element.
final class XMLTreeBuilder: XMLEventHandler {
    private(set) var root: XMLNode?
    private var stack: [XMLNode] = []
    /// Bounds the work a hostile, deeply nested document can cause; no feed nests this deep.
    private let maxDepth = 256
    /// Elements open below `maxDepth`: counted, never built, so a million levels cost one integer.
    private var ignoredDepth = 0

    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
        if stack.count >= maxDepth { ignoredDepth += 1; return }
        let node = XMLNode(name: name, namespace: Namespace.canonical(namespace, prefix: prefix), attributes: attributes)
        if let parent = stack.last { parent.append(child: node) } else if root == nil { root = node }
        stack.append(node)
    }

    func endElement() {
        if ignoredDepth > 0 { ignoredDepth -= 1 } else { _ = stack.popLast() }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if ignoredDepth == 0 { stack.last?.appendText(bytes) }
    }
}
