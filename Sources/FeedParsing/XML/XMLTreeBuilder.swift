import Markup

/// Builds the tree; text is attached to the innermost open element.
final class XMLTreeBuilder: XMLEventHandler {
    let tree: XMLTree
    /// The first element; any later top-level one (libxml2 recovering) is built but left out of it.
    var root: XMLNode? { tree.elements.isEmpty ? nil : XMLNode(tree: tree, index: 0) }
    // Unchecked: written only from the SAX callbacks, which never nest.
    @exclusivity(unchecked) private var stack: [Int32] = []
    /// `stack.last`, or -1.
    @exclusivity(unchecked) private var current: Int32 = -1
    /// Bounds the work a hostile, deeply nested document can cause; no feed nests this deep.
    let maxDepth = 256
    /// Elements built at most: a feed of thousands of items stays far below, and a document of a
    /// million empty elements (16 MB can hold two) is cut here instead of costing a gigabyte.
    static let maxElements = 100_000
    @exclusivity(unchecked) private var built = 0
    /// Elements open below `maxDepth` or past `maxElements`: counted, never built, so a million
    /// levels cost one integer.
    @exclusivity(unchecked) private var ignoredDepth = 0
    /// The last namespaces canonicalised: (URI, prefix) → canonical URI. A feed
    /// uses a handful, and libxml2's interned names make the strings compare by identity.
    @exclusivity(unchecked) private var namespaces: [(uri: String?, prefix: String?, canonical: String?)] = []
    @exclusivity(unchecked) private var lastNamespace = 0
    var damage = TreeDamage()
    /// Where in `tree.text` the text run for `current` started, if one is open:
    /// libxml2 hands a body over in many pieces (300-byte CDATA blocks, one
    /// piece per character reference), written to the tree's text as they come
    /// and added to the element once, as one run, when an element starts or ends.
    @exclusivity(unchecked) private var runStart: Int?

    init(documentBytes: Int) { tree = XMLTree(documentBytes: documentBytes) }

    /// Elements still open when the document ended: it was cut short.
    var openAtEnd: Bool { !stack.isEmpty || ignoredDepth > 0 }

    /// Ends the current text run; called before the tree's shape changes and once at the end.
    func flushText() {
        guard let start = runStart else { return }
        runStart = nil
        tree.addRun(start: start, count: tree.text.count - start, to: current)
    }

    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
        flushText()
        if stack.count >= maxDepth || built >= Self.maxElements {
            ignoredDepth += 1
            if stack.count >= maxDepth { damage.tooDeep += 1 } else { damage.pastElementLimit += 1 }
            return
        }
        // An entry starting while another is open: recovering from an unclosed tag in the one before
        // (`<description>Line one<b>line two</description>`: unescaped HTML), libxml2 closes the innermost element
        // at each end tag, so the next `<item>` opened inside the last and was no entry; every later one was lost
        // (review of this session, 20). Read as the sibling it is.
        if name == "item" || name == "entry", let open = stack.lastIndex(where: { tree.elements[Int($0)].name == name }) {
            stack.removeSubrange(open...)
            current = stack.last ?? -1
        }
        built += 1
        let node = tree.add(name: name, namespace: canonical(namespace, prefix: prefix), attributes: attributes, parent: current)
        stack.append(node)
        current = node
    }

    private func canonical(_ uri: String?, prefix: String?) -> String? {
        // Without a URI only the prefix matters; with one, only the URI.
        let key = uri == nil ? prefix : nil
        // Neighbouring elements mostly share a namespace: the last one found is tried first.
        if lastNamespace < namespaces.count, namespaces[lastNamespace].uri == uri, namespaces[lastNamespace].prefix == key {
            return namespaces[lastNamespace].canonical
        }
        if let hit = namespaces.firstIndex(where: { $0.uri == uri && $0.prefix == key }) {
            lastNamespace = hit
            return namespaces[hit].canonical
        }
        let c = Namespace.canonical(uri, prefix: key)
        if namespaces.count < 16 { namespaces.append((uri, key, c)) }
        return c
    }

    func endElement() {
        flushText()
        if ignoredDepth > 0 {
            ignoredDepth -= 1
        } else if !stack.isEmpty {
            stack.removeLast()
            current = stack.last ?? -1
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard ignoredDepth == 0, current >= 0 else { return }
        let open = runStart.map { tree.text.count - $0 } ?? 0
        let room = XMLNode.maxTextBytes - Int(tree.elements[Int(current)].textCount) - open
        var keep = min(bytes.count, max(room, 0))
        // Cut at a character's start: the text is read later as valid UTF-8 without a check.
        while keep > 0, keep < bytes.count, bytes[keep] & 0xC0 == 0x80 { keep -= 1 }
        damage.textBytesCut += bytes.count - keep
        let taken = UnsafeBufferPointer(rebasing: bytes[..<keep])
        guard !taken.isEmpty else { return }
        if runStart == nil { runStart = tree.text.count }
        tree.text.append(taken)
    }
}
