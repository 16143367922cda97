/// The page chrome one render is dropping (`PageChrome`): which element, how deep, and what it held,
/// so that a render that dropped the article instead can be told and done again whole.
struct ChromeDrop {
    /// The outermost chrome element being dropped, and how many elements of its name are open inside
    /// it, so that its own end tag is the one that closes it.
    private(set) var open: (name: String, depth: Int)? = nil
    /// Whether any chrome element was dropped.
    private(set) var dropped = false
    /// `article`, `blockquote`, `main` or `figure` elements open around: an `aside` or `footer` inside is content.
    var contentDepth = 0
    /// Text bytes kept outside chrome, and whether any was visible (not white space).
    private(set) var keptBytes = 0
    private var keptVisible = false
    /// Text bytes and paragraphs inside the chrome element being dropped.
    private var bytesInside = 0, paragraphsInside = 0
    /// The most text a dropped element of two paragraphs or more held: a story in a container whose class
    /// only looked like chrome, or one that an unclosed chrome element took with it.
    private(set) var largestStory = 0

    var isOpen: Bool { open != nil }

    /// Whether the render lost the article: a chrome element left open at the end (its end tag missing,
    /// all after it went too), nothing kept, or a dropped element of paragraphs holding more text than all
    /// that was kept (review of this session, 1 and 6).
    var lostTheArticle: Bool { dropped && (open != nil || !keptVisible || largestStory > keptBytes) }

    mutating func begin(_ name: String, selfClosed: Bool) {
        dropped = true
        guard !selfClosed else { return }
        open = (name, 1)
        bytesInside = 0
        paragraphsInside = 0
    }

    /// An element starts inside the chrome: one of its name deepens it (not a self-closed one).
    mutating func start(_ role: ElementRole, selfClosed: Bool) {
        guard let o = open else { return }
        if role.name == "p" { paragraphsInside += 1 }
        if role.name == o.name, !role.void, !selfClosed { open = (o.name, o.depth + 1) }
    }

    /// An element ends inside the chrome; its own end tag closes it.
    mutating func end(_ role: ElementRole) {
        guard let o = open, role.name == o.name else { return }
        if o.depth > 1 {
            open = (o.name, o.depth - 1)
            return
        }
        open = nil
        if paragraphsInside >= 2 { largestStory = max(largestStory, bytesInside) }
    }

    /// Text: dropped inside chrome, kept outside.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if open != nil {
            bytesInside += bytes.count
        } else {
            keptBytes += bytes.count
            if !keptVisible { keptVisible = bytes.contains { $0 > 0x20 } }
        }
    }
}
