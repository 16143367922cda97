/// One pass over an HTML fragment that writes its text (through
/// `TextBuilder`) and its sanitised markup (through `HTMLSanitiser`) as it
/// goes, tokenising the way a browser does: tags with quoted or bare
/// attributes, comments, raw-text elements (script, style…) skipped to their
/// end tag, character references decoded once, a `<` that starts no tag kept
/// as text. libxml2's HTML parser does the same at a third of the speed
/// (measured: ~130 MB/s against libxml2's own XML parser at ~380 MB/s), which
/// the feed parser's budget cannot afford; libxml2 still names the entities.
struct HTMLRenderer {
    var builder = TextBuilder()
    var sanitiser: HTMLSanitiser
    private var skipping: [String] = []
    /// The page chrome being dropped (`PageChrome`).
    private(set) var chrome = ChromeDrop()
    private var links = AdjacentLinks()

    /// Whether page chrome is dropped; `HTMLText` renders again without when dropping it lost the article.
    let dropsChrome: Bool
    /// Chrome elements (by where their start tag is) kept after all, each from where its text is kept (its start,
    /// or the first paragraph of one whose end tag never came): they held the story (`ChromeDrop.storyHolders`).
    let sparing: [Int: Int]
    /// Where the chrome being dropped ends though its end tag has not come: a spared element's first paragraph.
    private var chromeEndsAt: Int?

    /// Whether to write the text at all.
    private let keepText: Bool

    init(keepHTML: Bool, keepText: Bool = true, dropsChrome: Bool = true, sparing: [Int: Int] = [:], resolve: ((String) -> String)?,
         capacity: Int = 0) {
        self.keepText = keepText
        self.dropsChrome = dropsChrome
        self.sparing = sparing
        builder = TextBuilder(capacity: keepText ? capacity : 0)
        sanitiser = HTMLSanitiser(enabled: keepHTML, resolve: resolve, capacity: keepHTML ? capacity + 64 : 0)
    }

    mutating func render(_ s: UnsafeBufferPointer<UInt8>) {
        let n = s.count
        var i = 0
        var textStart = 0
        // Whether the run since `textStart` holds a literal "&" (it holds no "<"):
        // without one, the sanitiser need only look for ">" in it.
        var ampersandInRun = false
        let raw = UnsafeRawBufferPointer(s)
        while i < n {
            // Eight bytes at a time while none is "<" or "&".
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let lt = w ^ 0x3C3C_3C3C_3C3C_3C3C, amp = w ^ 0x2626_2626_2626_2626
                let hits = ((lt &- 0x0101_0101_0101_0101) & ~lt | (amp &- 0x0101_0101_0101_0101) & ~amp) & 0x8080_8080_8080_8080
                // The lowest flagged byte is a true hit (false ones lie only above one): go straight to it.
                if hits != 0 { i += hits.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { break }
            let b = s[i]
            guard b == 0x3C || b == 0x26 else { i += 1; continue }
            text(UnsafeBufferPointer(rebasing: s[textStart..<i]), markupFree: !ampersandInRun)
            if b == 0x26 {
                var decoded = CharacterReference.Decoded()
                let length = CharacterReference.decode(s, at: i, into: &decoded)
                if length > 0 {
                    decoded.withBytes { text($0) }
                    i += length
                } else {
                    i += 1
                    textStart = i - 1
                    ampersandInRun = true
                    continue
                }
            } else {
                i = tag(s, at: i)
            }
            textStart = i
            ampersandInRun = false
        }
        text(UnsafeBufferPointer(rebasing: s[textStart..<n]), markupFree: !ampersandInRun)
    }

    mutating func finish() -> HTMLRendering {
        HTMLRendering(text: builder.finish(), html: sanitiser.finish())
    }

    /// `markupFree`: `bytes` hold no "<" and no "&". `shown`: the text `bytes` read as, when not as written (`Superscript`).
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, markupFree: Bool = false, shown: UnsafeBufferPointer<UInt8>? = nil) {
        guard !bytes.isEmpty, skipping.isEmpty else { return }
        if dropsChrome { chrome.text(bytes) }
        guard !chrome.isOpen else { return }
        if keepText { builder.append(shown ?? bytes) }
        sanitiser.text(bytes, markupFree: markupFree)
    }

    /// The markup at `i` (a `<`); returns where text resumes.
    private mutating func tag(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = s.count
        guard i + 1 < n else { text(UnsafeBufferPointer(rebasing: s[i..<n])); return n }
        if let e = chromeEndsAt, i >= e {
            chrome.close()
            chromeEndsAt = nil
        }
        let c = s[i + 1]
        if c == 0x21 { // "<!"
            if i + 3 < n, s[i + 2] == 0x2D, s[i + 3] == 0x2D {
                return s.firstIndex(ofBytes: [0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
            }
            return s.firstIndex(ofBytes: [0x3E], from: i + 2).map { $0 + 1 } ?? n
        }
        if c == 0x3F { return s.firstIndex(ofBytes: [0x3E], from: i + 2).map { $0 + 1 } ?? n } // "<?"
        let closing = c == 0x2F
        let nameStart = closing ? i + 2 : i + 1
        guard nameStart < n, Self.isLetter(s[nameStart]) else {
            if closing { return s.firstIndex(ofBytes: [0x3E], from: i + 2).map { $0 + 1 } ?? n } // "</ >": ignored
            text(UnsafeBufferPointer(rebasing: s[i..<(i + 1)]))
            return i + 1
        }
        var j = nameStart
        while j < n, !Self.endsName(s[j]) { j += 1 }
        let role = ElementRole.of(UnsafeBufferPointer(rebasing: s[nameStart..<j]))
        var attributes: [(String, String)] = []
        let open = skipping.isEmpty && !chrome.isOpen
        let wantAttributes = !closing && role.allowed && open && sanitiser.enabled
        var verdict: PageChrome.Verdict? = !closing && open && dropsChrome && !role.void && !role.skipped
            ? PageChrome.Verdict(byClass: role.chromeByClass) : nil
        var href: Range<Int>? = nil
        let end = Self.attributes(s, from: j, keep: wantAttributes, into: &attributes, judging: &verdict,
                                  findsHref: role.link && open && keepText, href: &href)
        if closing {
            endElement(role)
            if role.link, open, keepText { links.end(written: builder.written) }
            return end
        }
        // "<div class=ad/>" in XHTML content: an element with no content, whose end tag never comes.
        let selfClosed = end >= 2 && s[end - 2] == 0x2F
        if let verdict, verdict.isChrome || role.chromeByName || (role.chromeOutsideContent && chrome.contentDepth == 0), sparing[i].map({ $0 > i }) ?? true {
            if role.block {
                if keepText { builder.breakLine(paragraph: role.paragraph) }
            } else {
                // Inline chrome between two words ("John Smith<span aria-hidden="true"> | </span>Reuters") leaves a space.
                withUnsafePointer(to: UInt8(0x20)) { text(UnsafeBufferPointer(start: $0, count: 1)) }
            }
            chrome.begin(role.name, at: i, selfClosed: selfClosed)
            if let from = sparing[i] { chromeEndsAt = from }
            return end
        }
        startElement(role, attributes, at: i, selfClosed: selfClosed)
        if role.link, open, keepText, !selfClosed, links.start(href: href, written: builder.written, in: s) { builder.space() }
        // "TM", or digits on the text before ("10<sup>6</sup>"): written as what they read as, resuming at "</sup>".
        if role.superscript, keepText, open, let close = Self.plainContent(s, from: end, endTag: "sup"),
           let shown = Superscript.text(of: UnsafeBufferPointer(rebasing: s[end..<close]), touching: builder.touchesText) {
            var written = shown
            written.withUTF8 { text(UnsafeBufferPointer(rebasing: s[end..<close]), markupFree: true, shown: $0) }
            return close
        }
        // A footnote mark ("Nvidia<sup>1</sup>", "<sup>[2]</sup>", "<sup>*</sup>") is no part of the word before:
        // "Nvidia1" was a name of its own (trial5 finding 29). An ordinal's letters ("10<sup>th</sup>") stay on.
        if role.superscript, keepText, skipping.isEmpty, !chrome.isOpen, Self.startsFootnoteMark(s, at: end) { builder.space() }
        if role.rawText {
            // Its content is not markup: skip to its end tag.
            let close = Self.findEndTag(s, name: role.name, from: end) ?? n
            endElement(role)
            return close
        }
        return end
    }

    private mutating func startElement(_ role: ElementRole, _ attributes: [(String, String)], at i: Int, selfClosed: Bool = false) {
        if role.skipped {
            if !role.void { skipping.append(role.name) }
            return
        }
        guard skipping.isEmpty else { return }
        if chrome.isOpen {
            chrome.start(role, at: i, selfClosed: selfClosed)
            return
        }
        if role.holdsContent, !selfClosed { chrome.contentDepth += 1 }
        if role.block, keepText { builder.breakLine(paragraph: role.paragraph) }
        if role.allowed { sanitiser.start(role, attributes) }
    }

    private mutating func endElement(_ role: ElementRole) {
        if role.skipped {
            if let k = skipping.lastIndex(of: role.name) { skipping.removeSubrange(k...) }
            return
        }
        guard skipping.isEmpty else { return }
        if chrome.isOpen {
            chrome.end(role)
            return
        }
        if role.holdsContent, chrome.contentDepth > 0 { chrome.contentDepth -= 1 }
        if role.block, keepText { builder.breakLine(paragraph: role.paragraph) }
        if role.allowed, !role.void { sanitiser.end(role) }
    }

    /// Whether the text at `i`, past any tags that open there (`<sup><a href=…>[1]</a></sup>`), starts with a
    /// digit, `[`, `(`, `*` or a dagger.
    static func startsFootnoteMark(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        var k = i, tags = 0
        // A few tags at most (a link, a span): every <sup> of a run of 30,000 nested ones looked past all the others,
        // minutes of one core on a 330 KB feed that no poll.timeout bounds (exploratory finding).
        while k < s.count, s[k] == 0x3C, tags < 4, let close = s.firstIndex(ofBytes: [0x3E], from: k + 1) { k = close + 1; tags += 1 }
        guard k < s.count else { return false }
        let c = s[k]
        if c &- 0x30 < 10 || c == 0x5B || c == 0x28 || c == 0x2A { return true }
        return c == 0xE2 && k + 2 < s.count && s[k + 1] == 0x80 && (s[k + 2] == 0xA0 || s[k + 2] == 0xA1) // † ‡
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    private static func endsName(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x3E || c == 0x2F || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

    /// Reads attributes up to the tag's `>`; returns the index after it. `judging`, when not nil,
    /// weighs each attribute for whether the element is page chrome. `findsHref`: `href` is set to where the
    /// `href` attribute's value is.
    private static func attributes(_ s: UnsafeBufferPointer<UInt8>, from start: Int, keep: Bool, into out: inout [(String, String)],
                                   judging verdict: inout PageChrome.Verdict?, findsHref: Bool, href: inout Range<Int>?) -> Int {
        let n = s.count
        var i = start
        while i < n {
            let c = s[i]
            if c == 0x3E { return i + 1 }
            if isSpace(c) || c == 0x2F { i += 1; continue }
            let nameStart = i
            while i < n, !isSpace(s[i]), s[i] != 0x3E, s[i] != 0x3D, !(s[i] == 0x2F && i > nameStart) { i += 1 }
            let nameEnd = i
            while i < n, isSpace(s[i]) { i += 1 }
            var value: Range<Int>? = nil
            if i < n, s[i] == 0x3D {
                i += 1
                while i < n, isSpace(s[i]) { i += 1 }
                if i < n, s[i] == 0x22 || s[i] == 0x27 {
                    let quote = s[i]
                    let valueStart = i + 1
                    i = valueStart
                    while i < n, s[i] != quote { i += 1 }
                    value = valueStart..<i
                    if i < n { i += 1 }
                } else {
                    let valueStart = i
                    while i < n, !isSpace(s[i]), s[i] != 0x3E { i += 1 }
                    value = valueStart..<i
                }
            }
            if verdict != nil, nameEnd > nameStart {
                verdict?.weigh(name: UnsafeBufferPointer(rebasing: s[nameStart..<nameEnd]), value: value.map { UnsafeBufferPointer(rebasing: s[$0]) })
            }
            if findsHref, nameEnd - nameStart == 4, s[nameStart..<nameEnd].lazy.map({ $0 | 0x20 }).elementsEqual("href".utf8) { href = value }
            if keep, nameEnd > nameStart, let name = HTMLSanitiser.allowedAttribute(UnsafeBufferPointer(rebasing: s[nameStart..<nameEnd])) {
                let raw = value.map { UnsafeBufferPointer(rebasing: s[$0]) }
                out.append((name, raw.map(CharacterReference.decodeAll) ?? ""))
            }
        }
        return n
    }

    /// Where the first tag after `from` starts when it is `</endTag…>` (`endTag` in lower case) and no "&" comes
    /// before it: the content up to it is plain text.
    private static func plainContent(_ s: UnsafeBufferPointer<UInt8>, from: Int, endTag: String) -> Int? {
        var k = from
        while k < s.count, s[k] != 0x3C {
            if s[k] == 0x26 { return nil }
            k += 1
        }
        let name = endTag.utf8
        guard k + 2 + name.count < s.count, s[k + 1] == 0x2F, endsName(s[k + 2 + name.count]),
              s[(k + 2)..<(k + 2 + name.count)].lazy.map({ $0 | 0x20 }).elementsEqual(name) else { return nil }
        return k
    }

    /// The index after `</name …>`, matching the name without regard to case.
    private static func findEndTag(_ s: UnsafeBufferPointer<UInt8>, name: String, from: Int) -> Int? {
        let target = Array(name.utf8)
        var i = from
        while let lt = s.firstIndex(ofBytes: [0x3C, 0x2F], from: i) {
            var k = 0
            while k < target.count, lt + 2 + k < s.count, s[lt + 2 + k] | 0x20 == target[k] | 0x20 { k += 1 }
            let after = lt + 2 + k
            if k == target.count, after >= s.count || endsName(s[after]) {
                return s.firstIndex(ofBytes: [0x3E], from: after).map { $0 + 1 } ?? s.count
            }
            i = lt + 2
        }
        return nil
    }

}
