/// What of a web page is not the article: navigation, cookie banners, share bars, "Most read" lists,
/// footers, and text the page hides. Feeds that carry whole pages (or a page's body as
/// `content:encoded`) bring all of it, and the analysis read it as the story: a Leeds library page
/// fired `entity:DeepSeek` and `entity:"Vladimir Putin"` from its "Most read" list, `topic:data-privacy`
/// from its cookie banner, and two stories that shared the chrome fell within the story
/// fingerprint's three bits of each other (trial5 findings 16, 20, 37). Such an element is dropped
/// with its content, from the text and from the sanitised HTML alike, as a reader's view drops it.
///
/// An element is chrome by its name (`nav`, `dialog`, `menu`; `aside` and `footer` outside an
/// `article`, `blockquote`, `main` or `figure`, where they are a fact box or a quote's attribution),
/// by being hidden (`hidden`, `aria-hidden="true"`, `display:none` or `visibility:hidden` in its
/// `style`: any element), by an ARIA landmark role that is not content (`navigation`, `banner`,
/// `contentinfo`, `complementary`, `search`, `dialog`…), or, for a container whose end tag a page
/// does not leave out, by its `class` or `id`. Each class (or the id) is read by its head, its last
/// word once generic tails are taken off (`ShareWrapper` is share, `cookie-banner` cookie,
/// `related-content` related, `most-read` mostread): a chrome head makes it chrome, unless another
/// class's head says it holds the article (`article`, `story`, `body`, `main`, `entry`, `post`).
/// A word that only modifies the head says nothing: `share-price`, `ad-free`, `share-enabled` and
/// `paywall` (which wraps the story behind a paywall) are no chrome (review of this session, 1, 12).
enum PageChrome {
    /// Elements that are chrome whatever their attributes, and wherever.
    static let names: Set<String> = ["nav", "dialog", "menu"]
    /// Elements that are chrome outside an article, a quotation, the main content or a figure.
    static let namesOutsideContent: Set<String> = ["aside", "footer"]
    /// Elements that hold content: an `aside` or `footer` inside one is part of it.
    static let contentElements: Set<String> = ["article", "blockquote", "main", "figure"]

    /// Elements judged by their class and id: containers whose end tag a page does not leave out.
    static let containers: Set<String> = [
        "div", "section", "nav", "aside", "footer", "header", "ul", "ol", "span", "dialog", "menu", "table", "figure", "form",
    ]

    /// Landmark roles that are not the article.
    static let roles = keys([
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog",
    ])

    /// Heads of a class or id that mark chrome.
    static let chromeWords = keys([
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "sharebar", "sharetools", "social", "newsletter",
        "advert", "advertisement", "adverts", "ad", "ads", "adslot", "sponsor", "breadcrumb", "breadcrumbs", "nav", "navbar",
        "navigation", "menu", "sidebar", "footer", "masthead", "subscribe", "signup", "related", "popular", "promo", "promotion",
        "comment", "comments", "trending", "recommended", "recommendations", "outbrain", "taboola",
        "mostread", "mostpopular", "mostviewed", "mostshared",
        // Recirculation: other stories' headlines (trial6 finding 14).
        "stories", "articles", "posts", "picks", "next", "more", "sponsored", "promoted", "partner", "ticker", "tags",
        // "You may also like", "Recommended for you", "Also read", "Follow us", a subscription nag (trial6 findings 8
        // and 14's rest). Not "prompt" nor "bio": an AI story quotes a prompt, an obituary is a biography (review of s27, 10).
        "like", "you", "read", "follow", "subscription", "subscriptions",
    ])
    /// Words that make a class chrome wherever they stand in it (`taboola-below-article`, `sharedaddy`).
    static let chromeAnywhere = keys([
        "taboola", "outbrain", "disqus", "recirculation", "recirc", "sharedaddy", "cookie", "cookies", "gdpr", "consent",
    ])
    /// Words before a content head that make it another story's: `next-article`, `related-story`, `more-posts`.
    static let otherStoryModifiers = keys([
        "next", "prev", "previous", "more", "related", "other", "recommended", "similar", "also", "trending", "popular",
        "top", "latest", "featured",
    ])
    /// Heads of a class or id that say the element holds the article.
    static let contentWords = keys(["article", "story", "body", "main", "entry", "post", "text"])
    /// Words at the end of a class that name its shape, not what it holds: taken off to find the head.
    static let genericTails = keys([
        "wrapper", "wrap", "container", "component", "block", "box", "inner", "outer", "list", "links", "link", "bar", "area",
        "module", "widget", "unit", "slot", "tools", "panel", "section", "content", "items", "item", "holder", "region",
        "zone", "banner", "strip", "rail", "root", "el", "group", "grid", "row", "col", "x", "js", "now", "us",
    ])

    /// Words as packed keys: a page has a class on every other element, and a key is compared
    /// without making a string.
    static func keys(_ words: [String]) -> Set<NameKey> {
        Set(words.map { w in Array(w.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0)! } })
    }

    static func key(_ literal: String) -> NameKey { keys([literal]).first! }
    private static let hiddenKey = key("hidden"), ariaHiddenKey = key("aria-hidden"), styleKey = key("style"),
        roleKey = key("role"), classKey = key("class"), idKey = key("id"), trueKey = key("true"), mostKey = key("most"),
        untilFoundKey = key("until-found"), withKey = key("with"), hasKey = key("has")

    /// What a start tag's attributes say, gathered one attribute at a time.
    struct Verdict {
        /// Whether the element's class and id are weighed (a container's), or only whether it is hidden.
        let byClass: Bool
        /// Hidden, or a landmark role that is no content: chrome whatever its class says.
        var hidden = false
        var chromeHead = false
        var contentHead = false

        init(byClass: Bool) { self.byClass = byClass }

        var isChrome: Bool { hidden || (chromeHead && !contentHead) }

        /// Weighs one attribute (`name` as written, `value` raw: character references are rare
        /// in these and do not hide a word that matters).
        mutating func weigh(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>?) {
            guard let key = NameKey(lowercasing: name) else { return }
            if key == PageChrome.hiddenKey {
                // `hidden="until-found"` is text a reader finds by searching the page: content.
                if value.map({ NameKey(lowercasing: $0) != PageChrome.untilFoundKey }) ?? true { hidden = true }
            } else if byClass, key == PageChrome.classKey || key == PageChrome.idKey {
                guard let value else { return }
                PageChrome.readings(value) { reading in
                    if reading == .chrome { chromeHead = true } else { contentHead = true }
                }
            } else if let value {
                if key == PageChrome.ariaHiddenKey {
                    if NameKey(lowercasing: value) == PageChrome.trueKey { hidden = true }
                } else if key == PageChrome.roleKey {
                    if let role = NameKey(lowercasing: value), PageChrome.roles.contains(role) { hidden = true }
                } else if key == PageChrome.styleKey, PageChrome.hides(value) {
                    hidden = true
                }
            }
        }
    }

    /// Whether a `style` value hides the element (`display: none`, `visibility:hidden`, any case), read
    /// without white space and without making a string.
    static func hides(_ style: UnsafeBufferPointer<UInt8>) -> Bool {
        var display = 0, visibility = 0
        for c in style where c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
            let lower = c >= 0x41 && c <= 0x5A ? c + 0x20 : c
            display = lower == displayNone[display] ? display + 1 : (lower == displayNone[0] ? 1 : 0)
            visibility = lower == visibilityHidden[visibility] ? visibility + 1 : (lower == visibilityHidden[0] ? 1 : 0)
            if display == displayNone.count || visibility == visibilityHidden.count { return true }
        }
        return false
    }
    private static let displayNone = Array("display:none".utf8), visibilityHidden = Array("visibility:hidden".utf8)

    enum Reading { case chrome, content }

    /// What each class in a class or id value says, when it says anything (`reading`).
    static func readings(_ value: UnsafeBufferPointer<UInt8>, _ each: (Reading) -> Void) {
        var start = 0
        for k in 0...value.count where k == value.count || value[k] == 0x20 || value[k] == 0x09 || value[k] == 0x0A {
            if k > start, let r = reading(UnsafeBufferPointer(rebasing: value[start..<k])) { each(r) }
            start = k + 1
        }
    }

    /// What one class name says: chrome when a word of `chromeAnywhere` is in it, or its head is a chrome
    /// word; content when its head is a content word, unless the word before says another story's
    /// (`next-article`, `related-story`); nothing otherwise.
    static func reading(_ name: UnsafeBufferPointer<UInt8>) -> Reading? {
        let (all, words) = headWords(name)
        if all.contains(where: chromeAnywhere.contains) { return .chrome }
        guard let head = words.last else { return nil }
        if contentWords.contains(head) {
            return words.count >= 2 && otherStoryModifiers.contains(words[words.count - 2]) ? .chrome : .content
        }
        return chromeWords.contains(head) ? .chrome : nil
    }

    /// The head of one class name: its last word once shape words are off.
    static func head(_ name: UnsafeBufferPointer<UInt8>) -> NameKey? { headWords(name).trimmed.last }

    /// A class name's words (`all`), and those that lead to its head (`trimmed`): a BEM modifier says how the
    /// block looks, not what it is (`l-container--sidebar` is a container); what follows "with" or "has" is what
    /// the element has beside it (`main-content-with-ads`, `has-sidebar`); generic tails name its shape.
    static func headWords(_ name: UnsafeBufferPointer<UInt8>) -> (all: [NameKey], trimmed: [NameKey]) {
        var block = name
        if let dashes = (0..<max(0, name.count - 1)).first(where: { name[$0] == 0x2D && name[$0 + 1] == 0x2D }) {
            block = UnsafeBufferPointer(rebasing: name[0..<dashes])
        }
        var all: [NameKey] = []
        words(block) { all.append($0) }
        var trimmed = all
        if let cut = trimmed.firstIndex(where: { $0 == withKey || $0 == hasKey }) { trimmed.removeSubrange(cut...) }
        while trimmed.count > 1, let last = trimmed.last, genericTails.contains(last) { trimmed.removeLast() }
        return (all, trimmed)
    }

    /// The words of a class or id value, lower-cased: split at spaces, `-`, `_`, digits and where
    /// a lower-case letter meets an upper-case one (`ShareTools` is share, tools); a word after "most"
    /// is joined to it ("most read" is mostread, "mostPopular" mostpopular), since it says what "most" is of.
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
                } else {
                    each(key)
                }
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
