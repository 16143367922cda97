import Markup

/// A document's elements in one array, linked by index, and all their text in
/// one byte buffer. An object per element, each with arrays of its own,
/// cost ~1,700 instructions an element to free and a third as much to
/// build; here freeing the tree is freeing a few arrays. `XMLNode` reads it.
final class XMLTree {
    struct Element {
        var name: String
        var namespace: String?
        var attributes: [XMLAttribute]
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// Where this element starts within its parent's text, so mixed
        /// content can be written back in order.
        var offsetInParent: Int32 = 0
        /// The element's own character data (not its descendants') is these runs of `text`, in order.
        var firstRun: Int32 = -1
        var lastRun: Int32 = -1
        var textCount: Int32 = 0
    }

    struct Run {
        var start: Int
        var count: Int32
        var next: Int32 = -1
    }

    // Unchecked: only the tree builder writes, one SAX event at a time, before any reader.
    @exclusivity(unchecked) private(set) var elements: [Element] = []
    @exclusivity(unchecked) private(set) var runs: [Run] = []
    let text: ByteBuffer

    /// `documentBytes`: the text is rarely longer than the document it is in, so the
    /// buffer is sized once (growing it by doubling copied the text twice over).
    init(documentBytes: Int) {
        text = ByteBuffer(capacity: documentBytes)
        elements.reserveCapacity(256)
        runs.reserveCapacity(256)
    }

    /// Adds an element as the last child of `parent` (-1 for the root); returns its index.
    func add(name: String, namespace: String?, attributes: [XMLAttribute], parent: Int32) -> Int32 {
        let index = Int32(elements.count)
        var offset: Int32 = 0
        if parent >= 0 {
            offset = elements[Int(parent)].textCount
            let last = elements[Int(parent)].lastChild
            if last >= 0 { elements[Int(last)].nextSibling = index } else { elements[Int(parent)].firstChild = index }
            elements[Int(parent)].lastChild = index
        }
        elements.append(Element(name: name, namespace: namespace, attributes: attributes, offsetInParent: offset))
        return index
    }

    /// Adds `text[start..<(start + count)]`, already written by the tree builder, as the next run
    /// of `element`'s text (a run is text with no element started or ended inside it).
    func addRun(start: Int, count: Int, to element: Int32) {
        guard count > 0 else { return }
        let e = Int(element)
        elements[e].textCount += Int32(count)
        let run = Int32(runs.count)
        runs.append(Run(start: start, count: Int32(count)))
        if elements[e].lastRun >= 0 { runs[Int(elements[e].lastRun)].next = run } else { elements[e].firstRun = run }
        elements[e].lastRun = run
    }

    /// Calls `body` with each run of `element`'s text, in order.
    @inline(__always)
    func forEachRun(of element: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let all = text.bytes
        var r = elements[Int(element)].firstRun
        while r >= 0 {
            let run = runs[Int(r)]
            body(UnsafeBufferPointer(rebasing: all[run.start..<(run.start + Int(run.count))]))
            r = run.next
        }
    }
}
