/// Two links side by side with nothing between them are two words: `<a href="/a">Trump</a><a href="/b">Biden</a>`
/// is "Trump Biden", not the name "TrumpBiden". A link a page split in two (the same `href`: `<a href="/a">Tr</a><a
/// href="/a">ump</a>`) stays one word, as a browser shows it. Hrefs are ranges of the bytes being rendered.
struct AdjacentLinks {
    /// The open link's `href` (nil: it has none) and how much text was written when it opened.
    private var open: (href: Range<Int>?, written: Int)?
    /// The last link that wrote text: its `href` and how much text was written when it ended.
    private var ended: (href: Range<Int>?, written: Int)?

    /// A link opens with `href` when `written` bytes of text are written; true when it follows the last link with
    /// no text between them and another `href`: a space must part them.
    mutating func start(href: Range<Int>?, written: Int, in s: UnsafeBufferPointer<UInt8>) -> Bool {
        open = (href, written)
        guard let ended, ended.written == written else { return false }
        return !Self.same(ended.href, href, in: s)
    }

    /// The open link ends when `written` bytes of text are written (a link that wrote none leaves the last one's place).
    mutating func end(written: Int) {
        if let open, open.written < written { ended = (open.href, written) }
        open = nil
    }

    private static func same(_ a: Range<Int>?, _ b: Range<Int>?, in s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.count == b.count && s[a].elementsEqual(s[b])
    }
}
