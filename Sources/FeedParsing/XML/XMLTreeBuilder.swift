import Markup

/// Builds the tree; text is attached to the innermost open element.
final class XMLTreeBuilder: XMLEventHandler {
    private(set) var root: XMLNode?
    private var stack: [XMLNode] = []
    /// Bounds the work a hostile, deeply nested document can cause; no feed nests this deep.
    let maxDepth = 256
    /// Elements built at most: a feed of thousands of items stays far below, and a document of a
    /// million empty elements (16 MB can hold two) is cut here instead of costing a gigabyte.
    static let maxElements = 100_000
    private var built = 0
    /// Elements open below `maxDepth` or past `maxElements`: counted, never built, so a million
    /// levels cost one integer.
    private var ignoredDepth = 0
    var damage = TreeDamage()

    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
        if stack.count >= maxDepth || built >= Self.maxElements {
            ignoredDepth += 1
            if stack.count >= maxDepth { damage.tooDeep += 1 } else { damage.pastElementLimit += 1 }
            return
        }
        built += 1
        let node = XMLNode(name: name, namespace: Namespace.canonical(namespace, prefix: prefix), attributes: attributes)
        if let parent = stack.last { parent.append(child: node) } else if root == nil { root = node }
        stack.append(node)
    }

    func endElement() {
        if ignoredDepth > 0 { ignoredDepth -= 1 } else { _ = stack.popLast() }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard ignoredDepth == 0, let node = stack.last else { return }
        let room = XMLNode.maxTextBytes - node.textBytes.count
        if bytes.count > room { damage.textBytesCut += bytes.count - max(room, 0) }
        node.appendText(bytes)
    }
}
