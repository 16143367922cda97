import Foundation
import Markup

/// A body's plain text, rendered from its HTML only when it is read: the
/// daemon analyses the sanitised HTML (`contentHTML`) and reads `content`
/// only when there is none, so most parses never need it, while
/// `wirewatch parse --json` prints it. Two values are equal when their text is.
struct DeferredText: Sendable, Hashable {
    private enum Source: Sendable {
        case text(String?)
        /// Valid UTF-8 HTML, and the text to use when it renders to nothing.
        case html([UInt8], orElse: String?)
    }

    private var source: Source
    /// Runs without a space longer than this are cut when the text is rendered (see `LongWords`).
    private var maxWordBytes: Int?

    init(_ text: String?) { source = .text(text) }

    init(html: [UInt8], orElse fallback: String? = nil) { source = .html(html, orElse: fallback) }

    var value: String? {
        switch source {
        case .text(let text):
            return text
        case .html(let bytes, let fallback):
            let text = bytes.withUnsafeBufferPointer { HTMLText.render(utf8: $0, keepHTML: false).text }
            guard let rendered = FieldText.nonEmpty(text) ?? fallback else { return nil }
            guard let limit = maxWordBytes else { return rendered }
            return LongWords.cut(rendered, limit: limit, html: false)?.text ?? rendered
        }
    }

    /// Cuts runs longer than `limit`: text at once, returning how many runs it cut;
    /// a body still to be rendered when it is read (its HTML was cut already, and counted).
    mutating func cutWords(limit: Int) -> Int {
        switch source {
        case .text(let text):
            guard let text, let (cut, n) = LongWords.cut(text, limit: limit, html: false) else { return 0 }
            source = .text(cut)
            return n
        case .html:
            maxWordBytes = limit
            return 0
        }
    }

    static func == (a: DeferredText, b: DeferredText) -> Bool { a.value == b.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// A body as an entry keeps it: the sanitised HTML at once, the text when read.
struct BodyRendering {
    var html: String
    var text: DeferredText

    init(html: String, text: DeferredText) {
        self.html = html
        self.text = text
    }

    init(_ rendering: HTMLRendering) {
        html = rendering.html
        text = DeferredText(FieldText.nonEmpty(rendering.text))
    }
}

extension ParsedEntry {
    /// The adapters' initialiser: the body's text is deferred.
    init(id: String, title: String?, link: String?, summary: String?, contentHTML: String?, published: Date?, updated: Date?,
         authors: [ParsedAuthor], categories: [String], enclosures: [ParsedEnclosure], contentText: DeferredText?) {
        self.init(id: id, title: title, link: link, summary: summary, contentHTML: contentHTML, published: published,
                  updated: updated, authors: authors, categories: categories, enclosures: enclosures)
        if let contentText { self.contentText = contentText }
    }
}
