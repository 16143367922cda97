/// What an HTML element means for the text and for the sanitised HTML.
struct ElementRole {
    let name: String
    /// `name` packed, as the sanitiser compares and writes it (empty past 15 bytes: never an allowed element).
    let key: NameKey
    /// Content a reader does not see (scripts, styles, frames, forms' widgets).
    let skipped: Bool
    /// Content that is not markup at all: skipped to the element's end tag.
    let rawText: Bool
    /// Ends a line of text; `paragraph` ends it with a blank line.
    let block: Bool
    let paragraph: Bool
    /// Kept in the sanitised HTML.
    let allowed: Bool
    /// Has no content and no end tag.
    let void: Bool
    /// Ends an open element of its own name in the sanitised HTML (`<p>a<p>b`).
    let closesItself: Bool
    /// Page chrome by its name (`PageChrome.names`), or only outside content (`aside`, `footer`).
    let chromeByName: Bool
    let chromeOutsideContent: Bool
    /// Judged as chrome by its class and id (`PageChrome.containers`).
    let chromeByClass: Bool
    /// Holds content: an `aside` or `footer` inside it is not chrome.
    let holdsContent: Bool
    /// `sup`: a footnote mark in it is set off from the word before (`HTMLRenderer`).
    let superscript: Bool
    /// `a`: a link beside another of a different `href` is a word apart (`AdjacentLinks`).
    let link: Bool

    init(_ name: String) {
        self.name = name
        key = Array(name.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0) } ?? NameKey()
        skipped = Self.skippedNames.contains(name)
        rawText = Self.rawTextNames.contains(name)
        block = Self.blockNames.contains(name)
        paragraph = Self.paragraphNames.contains(name)
        allowed = HTMLSanitiser.allowedElements.contains(name)
        void = Self.voidNames.contains(name)
        closesItself = HTMLSanitiser.closesItself.contains(name)
        chromeByName = PageChrome.names.contains(name)
        chromeOutsideContent = PageChrome.namesOutsideContent.contains(name)
        chromeByClass = PageChrome.containers.contains(name)
        holdsContent = PageChrome.contentElements.contains(name)
        superscript = name == "sup"
        link = name == "a"
    }

    static let skippedNames: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math",
        "applet", "frameset", "frame", "noframes", "select", "textarea", "button", "xmp", "noembed", "plaintext",
    ]
    static let rawTextNames: Set<String> = [
        "script", "style", "noscript", "title", "iframe", "noframes", "textarea", "xmp", "noembed", "plaintext",
    ]
    static let blockNames: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
        "td", "th", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "hr", "dl",
        "dt", "dd", "address", "main", "caption", "tbody", "thead", "tfoot", "form", "fieldset", "details", "summary",
    ]
    /// A table's cells and a list's items are paragraphs of their own: "<td>Donald</td><td>Trump</td>", two names in a
    /// table, are not the phrase "Donald Trump" (a line break alone runs them into one paragraph, one sentence).
    static let paragraphNames: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "table", "ul", "ol", "td", "th", "li", "dt", "dd",
    ]
    static let voidNames: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "frame", "param",
    ]

    /// The role of the element named by `bytes` (any case).
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> ElementRole {
        if let key = NameKey(lowercasing: bytes), let role = KnownElements.table.role(for: key) { return role }
        return ElementRole(String(decoding: NameKey.lowercased(bytes), as: UTF8.self))
    }
}
