/// HTML (or plain text) → readable plain text, and the same HTML sanitised,
/// in one pass (`HTMLRenderer`): scripts and styles dropped, block elements
/// become line breaks, entities decoded once, runs of whitespace collapsed.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        render(html, keepHTML: false).text
    }

    /// Text that is not markup (an Atom `type="text"` construct): only whitespace is collapsed.
    public static func collapsingWhitespace(_ text: String) -> String {
        var builder = TextBuilder()
        var s = text
        s.withUTF8 { builder.append($0) }
        return builder.finish()
    }

    /// The text of `html` and, when `keepHTML`, its sanitised markup: only
    /// elements and attributes that carry content survive, links use safe
    /// schemes only, and `resolve` makes relative links absolute.
    public static func render(_ html: String, keepHTML: Bool = true, resolve: ((String) -> String)? = nil) -> HTMLRendering {
        var s = html
        return s.withUTF8 { render(utf8: $0, keepHTML: keepHTML, resolve: resolve) }
    }

    /// Only the sanitised markup of `html` (valid UTF-8), as `render` writes
    /// it: for callers that want the text later, or never.
    public static func sanitised(utf8 bytes: UnsafeBufferPointer<UInt8>, resolve: ((String) -> String)? = nil) -> String {
        if !bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return HTMLSanitiser.escaped(bytes)
        }
        return rendered(bytes, keepHTML: true, keepText: false, resolve: resolve).html
    }

    /// `bytes` must be valid UTF-8 (the parser's text always is).
    public static func render(utf8 bytes: UnsafeBufferPointer<UInt8>, keepHTML: Bool = true,
                              resolve: ((String) -> String)? = nil) -> HTMLRendering {
        // Fast path: nothing that looks like markup or an entity.
        if !bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            var builder = TextBuilder()
            builder.append(bytes)
            let text = builder.finish()
            return HTMLRendering(text: text, html: keepHTML ? HTMLSanitiser.escaped(bytes) : "")
        }
        return rendered(bytes, keepHTML: keepHTML, keepText: true, resolve: resolve)
    }

    /// `bytes` rendered without their page chrome (`PageChrome`), unless dropping it lost the
    /// article (`ChromeDrop.lostTheArticle`: a chrome element's end tag never came, nothing visible
    /// was left, or a dropped element of paragraphs held more text than all that was kept): then the
    /// page is rendered again sparing the elements that held the story, and failing that, whole.
    private static func rendered(_ bytes: UnsafeBufferPointer<UInt8>, keepHTML: Bool, keepText: Bool,
                                 resolve: ((String) -> String)?) -> HTMLRendering {
        var renderer = HTMLRenderer(keepHTML: keepHTML, keepText: keepText, resolve: resolve, capacity: bytes.count)
        renderer.render(bytes)
        if renderer.chrome.lostTheArticle, case let holders = renderer.chrome.storyHolders, !holders.isEmpty {
            // Again, sparing the elements that held the story: the rest of the chrome stays dropped.
            var sparing = HTMLRenderer(keepHTML: keepHTML, keepText: keepText, sparing: holders, resolve: resolve, capacity: bytes.count)
            sparing.render(bytes)
            if !sparing.chrome.lostTheArticle { return sparing.finish() }
        }
        if renderer.chrome.lostTheArticle {
            var whole = HTMLRenderer(keepHTML: keepHTML, keepText: keepText, dropsChrome: false, resolve: resolve, capacity: bytes.count)
            whole.render(bytes)
            return whole.finish()
        }
        return renderer.finish()
    }
}

public struct HTMLRendering: Sendable, Hashable {
    /// Plain text: paragraphs separated by a blank line, whitespace collapsed.
    public var text: String
    /// Sanitised HTML (empty when not asked for).
    public var html: String

    public init(text: String, html: String) {
        self.text = text
        self.html = html
    }
}

/// Collapses whitespace as it goes, working on UTF-8 bytes; a line break or
/// paragraph break is kept only between two pieces of text. C1 controls (what
/// `&#150;` decodes to) read as windows-1252, as in a browser; other controls,
/// and the bidirectional overrides, are dropped.
struct TextBuilder {
    private let out: ByteBuffer // (a run of text is one append: see `ByteBuffer`)
    private var pendingSpace = false
    private var pendingBreak = 0 // 0 none, 1 line, 2 paragraph

    init(capacity: Int = 0) {
        out = ByteBuffer(capacity: capacity)
    }

    mutating func append(_ s: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = s.count
        let raw = UnsafeRawBufferPointer(s)
        while i < n {
            // A run of visible text goes in with one copy: every byte above
            // 0x20 but the few that may start a space or a C1 control.
            var j = i
            while j < n {
                if j + 8 <= n, Self.isPlainRun(raw.loadUnaligned(fromByteOffset: j, as: UInt64.self), runStarted: j > i) {
                    j += 8
                    continue
                }
                let c = s[j]
                if c <= 0x20 {
                    // A single space between two visible bytes stays in the run.
                    guard c == 0x20, j > i, j + 1 < n, s[j + 1] > 0x20, s[j + 1] < 0xC2 else { break }
                    j += 2
                    continue
                }
                if c >= 0xC2, c <= 0xE3, Self.mayStartSpecial(s, at: j) { break }
                // A whole sequence at once past a lead byte that cannot start a space or
                // a C1 control (CJK, Cyrillic, Greek…: the text is valid UTF-8).
                j += min(c >= 0xE4 && c < 0xF0 ? 3 : (c >= 0xC3 && c < 0xE0 ? 2 : 1), n - j)
            }
            if j > i {
                if pendingSpace || pendingBreak > 0 { flushSeparator() }
                out.append(UnsafeBufferPointer(rebasing: s[i..<j]))
                i = j
                continue
            }
            let b = s[i]
            if b < 0x80 {
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                    pendingSpace = true
                } else if b < 0x20 {
                    // Another C0 control (ESC, BEL…) is no text: written to a terminal by `tail` or `rules test`, a
                    // feed's ESC sequences cleared the screen or set the window's title.
                } else {
                    if pendingSpace || pendingBreak > 0 { flushSeparator() }
                    out.append(b)
                }
                i += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
            guard i + length <= n else { break }
            let scalar = Self.decode(s, at: i, length: length)
            i += length
            if Self.isSpace(scalar) { pendingSpace = true; continue }
            // Bidirectional embeddings, overrides and isolates make text read in another order than it is
            // stored ("Trojan Source"); the marks (U+200E, U+200F) that right-to-left text needs are kept.
            if scalar > 0x9F, let u = Unicode.Scalar(scalar), TerminalText.isUnsafe(u) { continue }
            if pendingSpace || pendingBreak > 0 { flushSeparator() }
            if scalar >= 0x80, scalar <= 0x9F {
                let meant = Windows1252.scalar(UInt8(scalar))
                if meant <= 0x9F { continue }  // one of the five windows-1252 leaves undefined: a control still (0x9D is OSC)
                var c1: [UInt8] = []
                UTF8Encoding.append(meant, to: &c1)
                c1.withUnsafeBufferPointer { out.append($0) }
            } else {
                out.append(UnsafeBufferPointer(rebasing: s[(i - length)..<i]))
            }
        }
    }

    /// Whether eight bytes can join the run as they are: visible ASCII with
    /// single spaces between them (a space may lead only a run already
    /// started, and may not end the word: what follows it is unknown).
    @inline(__always)
    private static func isPlainRun(_ w: UInt64, runStarted: Bool) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        // Every byte below 0x80 and at least 0x20 (adding 0x60 sets its top bit).
        guard w & high == 0, (w &+ 0x6060_6060_6060_6060) & high == high else { return false }
        let x = w ^ 0x2020_2020_2020_2020
        let spaces = ~((x &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & high // exact: the top bit of each space byte
        return spaces & (spaces << 8) == 0 && spaces >> 63 == 0 && (runStarted || spaces & 0x80 == 0)
    }

    /// Whether the sequence at `j` (lead byte C2–E3) is white space or a C1 control.
    @inline(__always)
    private static func mayStartSpecial(_ s: UnsafeBufferPointer<UInt8>, at j: Int) -> Bool {
        guard j + 1 < s.count else { return true }
        let c1 = s[j + 1]
        switch s[j] {
        case 0xC2: return c1 <= 0xA0 // U+0080–U+00A0: C1 controls, NEL, no-break space
        case 0xE1: return c1 == 0x9A // U+1680
        case 0xE2: return c1 == 0x80 || c1 == 0x81 // U+2000–U+205F
        case 0xE3: return c1 == 0x80 && j + 2 < s.count && s[j + 2] == 0x80 // U+3000
        default: return false
        }
    }

    static func decode(_ s: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        switch length {
        case 2: return UInt32(s[i] & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F)
        case 3: return UInt32(s[i] & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F)
        default: return UInt32(s[i] & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F)
        }
    }

    /// Unicode white space (no-break spaces included: feeds use them for layout).
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// A space between what was written and what comes next (none at the start, nor beside a line break).
    mutating func space() { pendingSpace = true }

    /// How many bytes are written: the same before and after markup that wrote no text.
    var written: Int { out.count }

    /// Whether what comes next joins the text written so far: there is some, and no space or break waits after it.
    var touchesText: Bool { !out.isEmpty && !pendingSpace && pendingBreak == 0 }

    mutating func breakLine(paragraph: Bool) {
        pendingBreak = max(pendingBreak, paragraph ? 2 : 1)
    }

    private mutating func flushSeparator() {
        if !out.isEmpty {
            if pendingBreak == 2 {
                out.append(0x0A); out.append(0x0A)
            } else if pendingBreak == 1 {
                out.append(0x0A)
            } else if pendingSpace {
                out.append(0x20)
            }
        }
        pendingBreak = 0
        pendingSpace = false
    }

    func finish() -> String { out.string() }
}
