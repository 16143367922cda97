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
    /// `contentType`: the server's, for an article fetched by URL (its charset comes first, as the daemon reads a feed).
    static func articles(from data: Data, name: String, feedID: FeedID, contentType: String? = nil) -> [Article]? {
        if case .feed(let feed) = FeedParser.parse(data, url: name, contentType: contentType) {
            return feed.entries.map { Article($0, feed: feedID, language: feed.language) }
        }
        if holdsNUL(data) { return nil }
        let text = Self.text(data, contentType: contentType)
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

    /// A text file's or page's text, read as a feed is: in the charset the server's `contentType`, its byte order
    /// mark, an XML declaration or an HTML `<meta>` names, else UTF-8 with bytes that are not read as windows-1252,
    /// its BOM dropped (a BOM stayed in the title, and a page in windows-1252 was read with U+FFFD for every
    /// accented letter; trial4 findings 27, 28).
    static func text(_ data: Data, contentType: String? = nil) -> String {
        String(decoding: DecodedDocument.utf8(data, contentType: contentType), as: UTF8.self)
    }

    /// Whether `data` is binary rather than text: a NUL in its first 64 KiB (text never holds one;
    /// looking further would read a large file twice for what its start already says).
    /// A UTF-16 or UTF-32 text with its byte order mark holds NULs and is text (review of this session, 6).
    static func holdsNUL(_ data: Data) -> Bool {
        let marked = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0, 0, 0xFE, 0xFF])
        return !marked && data.prefix(65536).contains(0)
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
