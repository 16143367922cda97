import Analysis
import Daemon
import FeedParsing
import Foundation
import WirewatchCore

/// What `rules test` reads: a feed (every entry is an article), an HTML page
/// (its <title>, else its first line, is the title), or plain text (the first
/// line is the title, the rest the body). Nil for what is none of these:
/// data that is not a feed and holds NUL bytes (a UTF-16 feed holds them too,
/// so the feed is tried first), whose bytes printed as a title would garble
/// the terminal.
enum ArticleDocument {
    static func articles(from data: Data, name: String, feedID: FeedID) -> [Article]? {
        if case .feed(let feed) = FeedParser.parse(data, url: name) {
            return feed.entries.map { Article($0, feed: feedID, language: feed.language) }
        }
        if holdsNUL(data) { return nil }
        let text = Self.text(data)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<"), let title = htmlTitle(text) {
            return [Article(key: name, feed: feedID, url: name, title: title, contentHTML: text)]
        }
        let body = trimmed.hasPrefix("<") ? CleanText.from(html: text).text : String(trimmed)
        // Any line break ends the title: "\r\n" is one Character, which a split on "\n" never met, and a file
        // saved on Windows was a title alone (trial4 finding 26).
        guard let end = body.firstIndex(where: \.isNewline) else {
            return [Article(key: name, feed: feedID, url: name, title: body, contentHTML: "")]
        }
        return [Article(key: name, feed: feedID, url: name, title: String(body[..<end]),
                        contentHTML: String(body[body.index(after: end)...]))]
    }

    /// A text file's or page's text, read as a feed is: in the charset its byte order mark, XML declaration or
    /// HTML `<meta>` names, else UTF-8 with bytes that are not read as windows-1252, and its BOM dropped (a
    /// BOM stayed in the title, and a page in windows-1252 read with U+FFFD for every accented letter;
    /// trial4 findings 27, 28).
    static func text(_ data: Data) -> String {
        String(decoding: DecodedDocument.utf8(data, contentType: metaCharset(data).map { "text/html; charset=\($0)" }), as: UTF8.self)
    }

    /// The charset an HTML page's `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">` names in its
    /// first 2 KiB.
    private static func metaCharset(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        guard head.contains("<meta"), let at = head.range(of: "charset=") else { return nil }
        let label = head[at.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
            .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
        return label.isEmpty ? nil : String(label)
    }

    /// Whether `data` is binary rather than text: a NUL in its first 64 KiB (text never holds one;
    /// looking further would read a large file twice for what its start already says).
    static func holdsNUL(_ data: Data) -> Bool {
        data.prefix(65536).contains(0)
    }

    /// The text of <title>, if the page has a non-empty one.
    private static func htmlTitle(_ html: String) -> String? {
        guard let open = html.range(of: "<title", options: .caseInsensitive),
              let gt = html[open.upperBound...].firstIndex(of: ">"),
              let close = html.range(of: "</title>", options: .caseInsensitive, range: gt..<html.endIndex) else { return nil }
        let title = CleanText.from(html: String(html[html.index(after: gt)..<close.lowerBound])).text
        return title.isEmpty ? nil : title
    }
}
