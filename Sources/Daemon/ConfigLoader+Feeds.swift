import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `feeds:` section: what to poll.
extension ConfigLoader {
    static func parseFeeds(_ section: Node?, reader r: YAMLReader, resolve: (String) -> String) -> [FeedConfig] {
        var feeds: [FeedConfig] = []
        var feedIDs: Set<String> = []
        for node in r.sequence(section, what: "'feeds'") {
            let m = r.mapping(node, what: "a feed", allowed: ["id", "url", "interval", "tags", "headers"])
            guard let url = r.string(m, "url", what: "a feed", required: true) else { continue }
            let id = r.string(m, "id", what: "feed \(url)") ?? url
            if !feedIDs.insert(id).inserted { r.report(m?["id"] ?? node, "duplicate feed id '\(id)'") }
            var resolved = url
            var allowFile = false
            if url.hasPrefix("file:") {
                allowFile = true
                let p = url.hasPrefix("file://") ? String(url.dropFirst(7)) : String(url.dropFirst(5))
                resolved = URL(fileURLWithPath: resolve(p)).absoluteString
            } else if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                r.report(m?["url"], "feed '\(id)': url must start with http://, https:// or file: (got '\(url)')")
            }
            var headers: [String: String] = [:]
            if let h = m?["headers"] {
                if let map = h.mapping {
                    for (k, v) in map { if let k = k.string, let v = v.string { headers[k] = v } else { r.report(k, "feed '\(id)': headers must be 'Name: value' pairs") } }
                } else {
                    r.report(h, "feed '\(id)': headers must be a mapping of 'Name: value'")
                }
            }
            feeds.append(FeedConfig(id: FeedID(id), url: resolved, interval: r.duration(m, "interval", what: "feed '\(id)'"),
                                    tags: r.strings(m, "tags", what: "feed '\(id)'"), allowFile: allowFile, headers: headers))
        }
        return feeds
    }
}
