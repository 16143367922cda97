import FeedParsing
import Foundation
import Markup
import WirewatchCore

/// Reads an OPML 1.0/2.0 subscription list: every outline with an `xmlUrl`
/// is a feed; outlines without one are folders whose titles become tags.
public enum OPMLReader {
    public static func read(_ data: Data, path: String) -> Result<[OPMLOutline], Diagnostic> {
        let handler = Handler()
        let issues = XMLEventReader.read(utf8: DecodedDocument.utf8(data), into: handler)
        guard handler.sawOPML else {
            let where_ = issues.first { $0.fatal }
            return .failure(Diagnostic(file: path, line: where_?.line ?? 1, column: where_?.column ?? 1,
                                       message: "not an OPML document" + (where_.map { ": \($0.message)" } ?? " (no <opml> element)")))
        }
        // Elements still open at the end: the file was cut short (a download that stopped), and what it
        // listed after the cut is not there. Importing the part that was read lost the rest in silence (trial
        // finding 24); a broken entity or a stray character in a complete list is still read past.
        if let unclosed = handler.open.last {
            let fatal = issues.first { $0.fatal }
            let (line, column) = (fatal?.line ?? handler.position.line, fatal?.column ?? handler.position.column)
            let n = handler.outlines.count
            return .failure(Diagnostic(file: path, line: line, column: column,
                message: "the OPML document ends early, inside <\(unclosed)> (a download cut short?), after \(n) outline\(n == 1 ? "" : "s"); "
                    + "nothing is imported from it: fetch or export the list again"))
        }
        return .success(handler.outlines)
    }

    /// A relative `xmlUrl` ("/feed.xml", "feed.rss") read against the outline's page when that is an
    /// absolute http(s) address, as a browser would; otherwise as written (the import refuses it).
    static func resolved(_ xmlURL: String, against htmlURL: String?) -> String {
        guard !xmlURL.isEmpty, !startsWithAHost(xmlURL), let c = URLComponents(string: xmlURL), c.scheme == nil,
              let page = htmlURL.flatMap({ URL(string: $0) }), ["http", "https"].contains(page.scheme?.lowercased() ?? ""),
              page.host?.isEmpty == false, let url = URL(string: xmlURL, relativeTo: page) else { return xmlURL }
        return url.absoluteString
    }

    /// Whether an address without a scheme begins with a host ("feeds.example.com/rss"): its first
    /// segment has a dot and a "/" follows it. Read against a page it would become a path on that
    /// page's site, polled and failing forever; "tides.rss" (no "/" after it), "/feed.xml" and
    /// "../feed.rss" are paths.
    static func startsWithAHost(_ url: String) -> Bool {
        let first = url.prefix { !"/?#".contains($0) }
        return url.dropFirst(first.count).first == "/" && first.contains(".") && first != "." && first != ".."
    }

    private final class Handler: XMLEventHandler {
        var sawOPML = false
        var outlines: [OPMLOutline] = []
        /// One entry per open <outline>: the folder name it adds, if it is a folder.
        var folders: [String?] = []
        /// Names of the open elements, to know what each end closes.
        var open: [String] = []
        var position = (line: 1, column: 1)

        var wantsPositions: Bool { true }
        func at(line: Int, column: Int) { position = (line, column) }

        func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {
            open.append(name)
            if name == "opml" { sawOPML = true }
            guard name == "outline" else { return }
            func attribute(_ n: String) -> String? {
                attributes.first { $0.name.caseInsensitiveCompare(n) == .orderedSame }
                    .map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .flatMap { $0.isEmpty ? nil : $0 }
            }
            let title = attribute("title") ?? attribute("text")
            let feedType = ["rss", "atom"].contains(attribute("type")?.lowercased() ?? "")
            let saysFeed = feedType || attribute("htmlUrl") != nil || attributes.contains { $0.name.caseInsensitiveCompare("xmlUrl") == .orderedSame }
            guard let xmlURL = attribute("xmlUrl") ?? (saysFeed ? "" : nil) else {
                folders.append(title)
                return
            }
            folders.append(nil)
            let categories = (attribute("category") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/ ")) }.filter { !$0.isEmpty }
            var tags: [String] = []
            for tag in folders.compactMap({ $0 }) + categories where !tags.contains(tag) { tags.append(tag) }
            let htmlURL = attribute("htmlUrl")
            var outline = OPMLOutline(title: title ?? "", xmlURL: OPMLReader.resolved(xmlURL, against: htmlURL), htmlURL: htmlURL,
                                      tags: tags, id: attribute(OPMLOutline.idAttribute))
            outline.configuredURL = attribute(OPMLOutline.configuredURLAttribute)
            (outline.line, outline.column) = position
            outlines.append(outline)
        }

        func endElement() {
            if open.popLast() == "outline", !folders.isEmpty { folders.removeLast() }
        }

        func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }
}

/// XML text escaping for attribute values (Markup's reader hands them over decoded).
enum OPMLText {
    /// By scalar, not Character: "\r\n" is one Character, equal to neither "\r" nor "\n". Line breaks
    /// and tabs go as references, since XML reads them bare in an attribute as spaces; the other
    /// control characters XML 1.0 cannot hold at all, so they are dropped.
    static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "\n": out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\t": out.append(contentsOf: "&#9;".unicodeScalars)
            case _ where c.value < 0x20: continue
            default: out.append(c)
            }
        }
        return String(out)
    }
}
