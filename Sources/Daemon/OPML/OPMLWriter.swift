import Fetching
import Foundation

/// Writes the configured feeds as an OPML 2.0 subscription list; a feed's
/// tags go in the `category` attribute, as OPML 2.0 defines it.
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
            var attributes = [("type", "rss"), ("text", feed.id.rawValue), ("title", feed.id.rawValue), ("xmlUrl", feed.url)]
            if !feed.tags.isEmpty { attributes.append(("category", feed.tags.map { "/" + $0 }.joined(separator: ","))) }
            lines.append("    <outline " + attributes.map { "\($0.0)=\"\(OPMLText.escape($0.1))\"" }.joined(separator: " ") + "/>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
