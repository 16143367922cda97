import Delivery
import Foundation
import WirewatchCore

/// Adds an OPML list's feeds to `wirewatch.yaml` by editing its text, so the
/// operator's comments and layout survive: new items are appended to the
/// `feeds:` block. Feeds whose URL is configured already are skipped (one listed again in the
/// list itself adds its folders to the tags of the first); ids are
/// made from titles and kept unique. Feeds whose URL the config would refuse
/// (not http or https, no host, a space, a password) are left out with the reason, so that
/// one bad outline in a list of hundreds neither stops the import nor breaks the config.
public enum OPMLImport {
    public struct Plan: Sendable {
        public var added: [FeedConfig]
        /// Outlines whose URL the config has already.
        public var skipped: [OPMLOutline]
        /// Outlines of a feed this list adds, listed again (in another folder): folded into it as tags.
        public var listedAgain: [OPMLOutline] = []
        public var refused: [(outline: OPMLOutline, reason: String)] = []
        /// The config text with the new feeds in it; nil when they cannot be put in by editing
        /// its text (a `feeds: [ … ]` flow list), so the operator adds them by hand.
        public var text: String?
    }

    public static func plan(_ outlines: [OPMLOutline], into text: String, config: DaemonConfig) -> Plan {
        let configured = Set(config.feeds.map { sameFeedKey($0.url) })
        var urls = configured
        var ids = Set(config.feeds.map(\.id.rawValue))
        var added: [FeedConfig] = []
        var skipped: [OPMLOutline] = []
        var listedAgain: [OPMLOutline] = []
        var refused: [(outline: OPMLOutline, reason: String)] = []
        // The next suffix to try per id: a list of thousands of feeds titled alike ("News", or untitled
        // on one host) tried 2, 3, … from the start for each, quadratic (10,000 alike: 66 s).
        var nextSuffix: [String: Int] = [:]
        // Where each feed added from this list is, by its sameFeedKey: a list with every feed in two folders
        // searched (and parsed) every added URL for each second listing, quadratic at thousands of feeds.
        var addedAt: [String: Int] = [:]
        for var o in outlines {
            // A secret feed's export writes its reference (`xmlUrl="env:NAME"`): the import of that very file was
            // told the feed is "not an http:// or https:// URL" (review-configside finding 6). The config that has
            // the reference has the feed; another needs it added by hand, with an id (the url is no name).
            if SecretSource(reference: o.xmlURL) != nil {
                if configured.contains(o.xmlURL) { skipped.append(o) } else {
                    refused.append((o, "a secret's reference, not a URL: add the feed by hand with an id and url: \(o.xmlURL), the secret set for the daemon"))
                }
                continue
            }
            // `HTTP://`, as the config reads it (configuration.md): it was refused as "not an http:// or https:// URL".
            o.xmlURL = ConfigLoader.lowercasingScheme(o.xmlURL)
            if let reason = urlProblem(o.xmlURL) { refused.append((shown(o), reason)); continue }
            let key = sameFeedKey(o.xmlURL)
            // A moved feed exported from this config: it has the feed, at the URL the export names beside.
            if let was = o.configuredURL, configured.contains(sameFeedKey(was)) {
                skipped.append(o)
                continue
            }
            guard urls.insert(key).inserted else {
                // A reader lists a feed once per folder it is in: the feed added from this list takes every folder.
                // Not "already configured": the config does not have it yet (trial finding 4).
                if let i = addedAt[key] {
                    for tag in o.tags where !added[i].tags.contains(tag) { added[i].tags.append(tag) }
                    listedAgain.append(o)
                } else {
                    skipped.append(o)
                }
                continue
            }
            var id = o.id ?? slug(o.title, url: o.xmlURL)
            if ids.contains(id) {
                var n = nextSuffix[id, default: 2]
                while ids.contains("\(id)-\(n)") { n += 1 }
                nextSuffix[id] = n + 1
                id = "\(id)-\(n)"
            }
            ids.insert(id)
            addedAt[key] = added.count
            var feed = FeedConfig(id: FeedID(id), url: o.xmlURL, interval: nil, tags: o.tags, allowFile: false, headers: [:])
            // A title that is the id again (an export of a feed without one) says nothing.
            feed.title = o.title.isEmpty || o.title == id ? nil : o.title
            added.append(feed)
        }
        return Plan(added: added, skipped: skipped, listedAgain: listedAgain, refused: refused, text: added.isEmpty ? text : insert(added, into: text))
    }

    /// A URL as compared for "already configured": a host's case makes no other feed.
    static func sameFeedKey(_ url: String) -> String {
        guard var c = URLComponents(string: url), let host = c.host else { return url }
        c.host = host.lowercased()
        c.scheme = c.scheme?.lowercased()
        return c.string ?? url
    }

    /// The outline as a refusal may print it: a URL refused for its password or its token shows neither (the
    /// import's stderr and `--json` end up in terminals and logs), only where it points.
    private static func shown(_ outline: OPMLOutline) -> OPMLOutline {
        var shown = outline
        shown.xmlURL = ConfigLoader.shownURL(outline.xmlURL)
        return shown
    }

    private static func urlProblem(_ url: String) -> String? {
        if url.isEmpty { return "no xmlUrl: the outline does not say where the feed is" }
        // Left relative by the reader: no absolute htmlUrl to read it against. A host written without
        // its scheme is no relative address: the config's own check refuses it below.
        if !OPMLReader.startsWithAHost(url), let c = URLComponents(string: url), c.scheme == nil {
            return "a relative xmlUrl, and no absolute htmlUrl to read it against; give the feed's full address"
        }
        switch ConfigLoader.feedURLProblem(url) {
        case nil: return nil
        case .scheme: return "not an http:// or https:// URL"
        case .unfetchable(let why): return "the URL \(why)"
        case .password: return "the URL holds a password; add the feed by hand with its login in auth: { user: NAME, password: env:NAME }"
        case .credentialInQuery(let key):
            return "the URL's '\(key)=' holds a credential; add the feed by hand with its url as env:NAME or credential:NAME"
        }
    }

    /// The YAML items for `feeds`, at `indent`.
    public static func yaml(_ feeds: [FeedConfig], indent: Int = 2) -> String {
        let pad = String(repeating: " ", count: indent)
        return feeds.map { f in
            var item = "\(pad)- id: \(quoted(f.id.rawValue))\n\(pad)  url: \(quoted(f.url))\n"
            if let title = f.title { item += "\(pad)  title: \(quoted(title))\n" }
            if !f.tags.isEmpty { item += "\(pad)  tags: [\(f.tags.map(quoted).joined(separator: ", "))]\n" }
            return item
        }.joined()
    }

    static func insert(_ feeds: [FeedConfig], into text: String) -> String? {
        // A config saved on Windows ends its lines with CRLF, one Character in Swift: split by
        // scalar, lines are compared without the CR, each keeps its own ending, and the lines
        // put in take the first line's.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        let eol = lines.first?.hasSuffix("\r") == true ? "\r\n" : "\n"
        var endings = lines.map { $0.hasSuffix("\r") ? "\r\n" : "\n" }
        if !endsWithNewline, !endings.isEmpty { endings[endings.count - 1] = eol }
        lines = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        func joined() -> String { zip(lines, endings).map { $0 + $1 }.joined() }
        func items(indent: Int) -> [String] {
            yaml(feeds, indent: indent).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        guard let key = lines.firstIndex(where: { $0.hasPrefix("feeds:") }) else {
            return joined() + (["feeds:"] + items(indent: 2)).map { $0 + eol }.joined()
        }
        var rest = lines[key].dropFirst("feeds:".count)[...]
        // A trailing comment (`feeds: []  # none yet`) is no part of the value; it stays on the line.
        var comment = ""
        if let hash = rest.indices.first(where: { rest[$0] == "#" && ($0 == rest.startIndex || " \t".contains(rest[rest.index(before: $0)])) }) {
            comment = String(rest[hash...])
            rest = rest[..<hash]
        }
        let value = rest.trimmingCharacters(in: .whitespaces)
        if value == "[]" || value.isEmpty {
            // Find the block's items, if any: lines after the key that are indented or start with "-".
            var end = key
            var indent: Int?
            for i in (key + 1)..<lines.count {
                let line = lines[i]
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                let lead = line.prefix { $0 == " " }.count
                if indent == nil, trimmed.hasPrefix("-") { indent = lead }
                guard let itemIndent = indent, lead > itemIndent || (lead == itemIndent && trimmed.hasPrefix("-")) else { break }
                end = i
            }
            if value == "[]" { lines[key] = "feeds:" + (comment.isEmpty ? "" : "  " + comment) }
            let block = items(indent: indent ?? 2)
            lines.insert(contentsOf: block, at: end + 1)
            endings.insert(contentsOf: block.map { _ in eol }, at: end + 1)
            return joined()
        }
        // A flow sequence (`feeds: [{id: a, url: …}]`): its text is not edited.
        return nil
    }

    /// The title, or the URL's host for an untitled feed, as lower-case words joined by '-'.
    static func slug(_ title: String, url: String) -> String {
        let source = title.isEmpty ? (URLComponents(string: url)?.host ?? "") : title
        var out = ""
        for c in source.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(c) && c.isASCII { out.unicodeScalars.append(c) } else if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.isEmpty && !title.isEmpty { return slug("", url: url) }
        if out.isEmpty { out = "feed" }
        return String(out.prefix(60))
    }

    /// A YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func quoted(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }
}
