import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// Reads `wirewatch.yaml`. Every problem is reported as `file:line:column: message`.
public enum ConfigLoader {
    static let sinkTypes = ["alert-log"]

    public static func load(path: String) -> Result<DaemonConfig, Diagnostics> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            return .failure(Diagnostics([Diagnostic(file: path, line: 1, column: 1, message: "config file \(reason)")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Diagnostics([Diagnostic(file: path, line: 1, column: 1, message: "config file is not UTF-8 text")]))
        }
        return parse(text: text, path: path)
    }

    public static func parse(text: String, path: String) -> Result<DaemonConfig, Diagnostics> {
        let file: YAMLFile
        do { file = try YAMLFile(path: path, text: text) } catch { return .failure(Diagnostics([error])) }
        let r = YAMLReader(file)
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            let expanded = (p as NSString).expandingTildeInPath
            if expanded.hasPrefix("/") { return expanded }
            return URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: base.isEmpty ? "." : base, isDirectory: true)).standardizedFileURL.path
        }
        guard let root = file.root else {
            return .failure(Diagnostics([file.diagnostic(nil, "config file is empty: it needs at least 'feeds' and 'sinks'")]))
        }
        let top = r.mapping(root, what: "the config", allowed: ["store", "data", "rules", "poll", "feeds", "sinks"])

        var poll = DaemonConfig.PollDefaults()
        if let p = top?["poll"] {
            let m = r.mapping(p, what: "'poll'", allowed: ["interval", "timeout", "concurrency"])
            if let v = r.duration(m, "interval", what: "'poll'") { poll.interval = v }
            if let v = r.duration(m, "timeout", what: "'poll'") { poll.timeout = v }
            if let v = r.int(m, "concurrency", what: "'poll'", range: 1...10_000) { poll.concurrency = v }
        }

        var feeds: [FeedConfig] = []
        var feedIDs: Set<String> = []
        for node in r.sequence(top?["feeds"], what: "'feeds'") {
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

        var sinks: [SinkConfig] = []
        var sinkIDs: Set<String> = []
        for node in r.sequence(top?["sinks"], what: "'sinks'") {
            let m = r.mapping(node, what: "a sink", allowed: ["id", "type", "path"])
            guard let id = r.string(m, "id", what: "a sink", required: true) else { continue }
            if !sinkIDs.insert(id).inserted { r.report(m?["id"], "duplicate sink id '\(id)'") }
            let type = r.string(m, "type", what: "sink '\(id)'", required: true) ?? ""
            switch type {
            case "alert-log":
                guard let p = r.string(m, "path", what: "sink '\(id)'", required: true) else { continue }
                sinks.append(SinkConfig(id: id, kind: .alertLog(path: resolve(p))))
            default:
                if !type.isEmpty {
                    r.report(m?["type"], "sink '\(id)': unknown type '\(type)'; expected one of \(sinkTypes.joined(separator: ", "))")
                }
            }
        }
        if top?["sinks"] == nil { r.report(root, "the config needs a 'sinks' list (at least one alert-log)") }

        let config = DaemonConfig(
            path: path,
            storePath: resolve(r.string(top, "store", what: "the config") ?? "/var/lib/wirewatch/state.sqlite"),
            dataDirectory: resolve(r.string(top, "data", what: "the config") ?? "/usr/share/wirewatch"),
            rulesDirectory: resolve(r.string(top, "rules", what: "the config") ?? "rules.d"),
            poll: poll, feeds: feeds, sinks: sinks)
        return r.diagnostics.isEmpty ? .success(config) : .failure(Diagnostics(r.diagnostics))
    }
}
