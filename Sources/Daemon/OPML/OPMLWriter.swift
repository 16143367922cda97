import Fetching
import Foundation

/// Writes the configured feeds as an OPML 2.0 subscription list: a feed's title (its id when the
/// config gives none) as the outline's text, its tags in the `category` attribute, as OPML 2.0
/// defines it. A feed that moved permanently is written at the URL polled now (`movedTo`, by feed id),
/// its configured URL beside it: the list handed to another reader must not carry the address the
/// daemon itself stopped using (trial2 finding 5).
public enum OPMLWriter {
    public static func document(_ feeds: [FeedConfig], title: String, created: Date, movedTo: [String: String] = [:]) -> String {
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
            let moved = movedTo[feed.id.rawValue]
            var attributes = [("type", "rss"), ("text", title), ("title", title), ("xmlUrl", moved ?? feed.url),
                              (OPMLOutline.idAttribute, feed.id.rawValue)]
            if moved != nil { attributes.append((OPMLOutline.configuredURLAttribute, feed.url)) }
            if !feed.tags.isEmpty { attributes.append(("category", feed.tags.map { "/" + $0 }.joined(separator: ","))) }
            lines.append("    <outline " + attributes.map { "\($0.0)=\"\(OPMLText.escape($0.1))\"" }.joined(separator: " ") + "/>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
