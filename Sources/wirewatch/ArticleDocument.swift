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
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<"), let title = htmlTitle(text) {
            return [Article(key: name, feed: feedID, url: name, title: title, contentHTML: text)]
        }
        let body = trimmed.hasPrefix("<") ? CleanText.from(html: text).text : String(trimmed)
        let lines = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return [Article(key: name, feed: feedID, url: name, title: lines.first.map(String.init) ?? "",
                        contentHTML: lines.count > 1 ? String(lines[1]) : "")]
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
