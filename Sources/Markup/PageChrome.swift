/// What of a web page is not the article: navigation, cookie banners, share bars, "Most read" lists,
/// footers, and text the page hides. Feeds that carry whole pages (or a page's body as
/// `content:encoded`) bring all of it, and the analysis read it as the story: a Leeds library page
/// fired `entity:DeepSeek` and `entity:"Vladimir Putin"` from its "Most read" list, `topic:data-privacy`
/// from its cookie banner, and two stories that shared the chrome fell within the story
/// fingerprint's three bits of each other (trial5 findings 16, 20, 37). Such an element is dropped
/// with its content, from the text and from the sanitised HTML alike, as a reader's view drops it.
///
/// An element is chrome by its name (`nav`, `aside`, `footer`, `dialog`, `menu`), by being hidden
/// (`hidden`, `aria-hidden="true"`, `display:none` or `visibility:hidden` in its `style`), by an
/// ARIA landmark role that is not content (`navigation`, `banner`, `contentinfo`, `complementary`,
/// `search`, `dialog`…), or by a word of its `class` or `id` (`cookie-banner`, `ShareTools`,
/// `most-read`, `newsletter-promo`). A weak class word (`social`, `comments`, `related`, `menu`…)
/// beside a content word (`article`, `story`, `body`, `content`, `main`, `entry`) is not chrome:
/// `article-body social-embed` is the story. Only elements that always have an end tag are judged
/// by their attributes (a `<li>` or `<p>` may be closed by the next one, which would drop the rest).
enum PageChrome {
    /// Elements that are chrome whatever their attributes.
    static let names: Set<String> = ["nav", "aside", "footer", "dialog", "menu"]

    /// Elements judged by their attributes: containers whose end tag a page does not leave out.
    static let containers: Set<String> = [
        "div", "section", "nav", "aside", "footer", "header", "ul", "ol", "span", "dialog", "menu", "table", "figure", "form",
    ]

    /// Landmark roles that are not the article.
    static let roles = keys([
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog",
    ])

    /// Class or id words that mark chrome even beside a content word.
    static let strongWords = keys([
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "sharebar", "sharetools", "newsletter",
        "advert", "advertisement", "adverts", "ad", "ads", "adslot", "sponsor", "sponsored", "paywall", "breadcrumb",
        "breadcrumbs", "navbar", "subscribe", "subscription", "mostread", "mostpopular", "mostviewed",
    ])
    /// Class or id words that mark chrome unless a content word is beside them.
    static let weakWords = keys([
        "social", "related", "popular", "promo", "promotion", "nav", "navigation", "menu", "sidebar", "footer",
        "masthead", "comment", "comments", "trending", "recommended", "outbrain", "taboola",
    ])
    /// Class or id words that say the element holds the article.
    static let contentWords = keys(["article", "story", "body", "content", "main", "entry"])

    /// Words as packed keys: a page has a class on every other element, and a key is compared
    /// without making a string.
    static func keys(_ words: [String]) -> Set<NameKey> {
        Set(words.map { w in Array(w.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0)! } })
    }

    static func key(_ literal: String) -> NameKey { keys([literal]).first! }
    private static let hiddenKey = key("hidden"), ariaHiddenKey = key("aria-hidden"), styleKey = key("style"),
        roleKey = key("role"), classKey = key("class"), idKey = key("id"), trueKey = key("true"), mostKey = key("most")

    /// What a start tag's attributes say, gathered one attribute at a time.
    struct Verdict {
        var chrome = false
        var strong = false
        var weak = false
        var content = false

        var isChrome: Bool { chrome || strong || (weak && !content) }

        /// Weighs one attribute (`name` as written, `value` raw: character references are rare
        /// in these and do not hide a word that matters).
        mutating func weigh(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>?) {
            guard let key = NameKey(lowercasing: name) else { return }
            if key == PageChrome.hiddenKey {
                chrome = true
            } else if key == PageChrome.classKey || key == PageChrome.idKey {
                guard let value else { return }
                PageChrome.words(value) { word in
                    if PageChrome.strongWords.contains(word) { strong = true }
                    else if PageChrome.weakWords.contains(word) { weak = true }
                    else if PageChrome.contentWords.contains(word) { content = true }
                }
            } else if let value {
                if key == PageChrome.ariaHiddenKey {
                    if NameKey(lowercasing: value) == PageChrome.trueKey { chrome = true }
                } else if key == PageChrome.roleKey {
                    if let role = NameKey(lowercasing: value), PageChrome.roles.contains(role) { chrome = true }
                } else if key == PageChrome.styleKey, PageChrome.hides(value) {
                    chrome = true
                }
            }
        }
    }

    /// Whether a `style` value hides the element (`display: none`, `visibility:hidden`, any case).
    static func hides(_ style: UnsafeBufferPointer<UInt8>) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.count)
        for c in style where c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
            compact.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
        }
        return compact.contains(Array("display:none".utf8)) || compact.contains(Array("visibility:hidden".utf8))
    }

    /// The words of a class or id value, lower-cased: split at spaces, `-`, `_`, digits and where
    /// a lower-case letter meets an upper-case one (`ShareTools` is share, tools); "most" before a
    /// word is also joined to it ("most read", "mostPopular"), since "most" alone says nothing.
    /// Words longer than 15 letters are no chrome word and are skipped.
    static func words(_ value: UnsafeBufferPointer<UInt8>, _ each: (NameKey) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { word in
            var length = 0, overlong = false, afterMost = false
            func flush() {
                defer { length = 0; overlong = false }
                guard length > 0 else { return }
                guard !overlong, let key = NameKey(lowercasing: UnsafeBufferPointer(rebasing: word[4..<(4 + length)])) else {
                    afterMost = false
                    return
                }
                if afterMost, length <= 11 {
                    for (k, c) in "most".utf8.enumerated() { word[k] = c }
                    if let joined = NameKey(lowercasing: UnsafeBufferPointer(rebasing: word[0..<(4 + length)])) { each(joined) }
                }
                each(key)
                afterMost = key == PageChrome.mostKey
            }
            var lastWasLower = false
            for c in value {
                let isUpper = c >= 0x41 && c <= 0x5A, isLower = c >= 0x61 && c <= 0x7A
                if isUpper || isLower {
                    if isUpper, lastWasLower { flush() }
                    if length < 16 { word[4 + length] = isUpper ? c + 0x20 : c; length += 1 } else { overlong = true }
                    lastWasLower = isLower
                } else {
                    flush()
                    lastWasLower = false
                }
            }
            flush()
        }
    }

}
