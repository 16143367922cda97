import Fetching
import Foundation

/// Writes the configured feeds as an OPML 2.0 subscription list: a feed's title (its id when the
/// config gives none) as the outline's text, its tags in the `category` attribute, as OPML 2.0
/// defines it.
public enum OPMLWriter {
    public static func document(_ feeds: [FeedConfig], title: String, created: Date) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<opml version=\"2.0\">",
            "  <head>",
            "    <title>\(OPMLText.escape(title))</title>",
            "    <dateCreated>\(HTTPDate.format(created))</dateCreated>",
            "  </head>",
            "  <body>",
        ]
        for feed in feeds {
            // A reader shows `text`; the id goes beside it, for an import to keep.
            let title = feed.title ?? feed.id.rawValue
            var attributes = [("type", "rss"), ("text", title), ("title", title), ("xmlUrl", feed.url),
                              (OPMLOutline.idAttribute, feed.id.rawValue)]
            if !feed.tags.isEmpty { attributes.append(("category", feed.tags.map { "/" + $0 }.joined(separator: ","))) }
            lines.append("    <outline " + attributes.map { "\($0.0)=\"\(OPMLText.escape($0.1))\"" }.joined(separator: " ") + "/>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
