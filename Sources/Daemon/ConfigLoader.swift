import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// Reads `wirewatch.yaml`. Every problem is reported as `file:line:column: message`.
public enum ConfigLoader {
    public static func load(path: String) -> Result<DaemonConfig, Diagnostics> {
        do {
            return parse(text: try YAMLFile.text(atPath: path, what: "config file", directoryHint: "give the path of wirewatch.yaml"), path: path)
        } catch {
            return .failure(Diagnostics([error]))
        }
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
        let top = r.mapping(root, what: "the config", allowed: ["store", "data", "rules", "poll", "feeds", "sinks", "daemon", "admin"])

        let poll = parsePoll(top?["poll"], reader: r, resolve: resolve)

        let feeds = parseFeeds(top?["feeds"], reader: r, resolve: resolve)

        let sinks = parseSinks(top?["sinks"], reader: r, resolve: resolve)
        if top?["sinks"] == nil { r.report(root, "the config needs a 'sinks' list (at least one alert-log)") }
        checkBrokenAlertSinks(poll, sinks: sinks, section: top?["poll"], reader: r)

        let store = parseStore(top?["store"], reader: r)
        var config = DaemonConfig(
            path: path,
            storePath: resolve(store.path),
            dataDirectory: resolve(r.string(top, "data", what: "the config") ?? "/usr/share/wirewatch"),
            rulesDirectory: resolve(r.string(top, "rules", what: "the config") ?? "rules.d"),
            poll: poll, feeds: feeds, sinks: sinks)
        config.retention = store.retention
        config.daemon = parseDaemon(top?["daemon"], reader: r)
        config.admin = parseAdmin(top?["admin"], reader: r)
        return r.diagnostics.isEmpty ? .success(config) : .failure(Diagnostics(r.diagnostics))
    }
}
