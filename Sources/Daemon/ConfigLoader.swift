import Foundation
import PostgresStore
import WirewatchCore
import YAMLFiles
import Yams

/// Reads `wirewatch.yaml`. Every problem is reported as `file:line:column: message`.
public enum ConfigLoader {
    public static func load(path: String) -> Result<DaemonConfig, Diagnostics> {
        read(path: path).result
    }

    /// For a command that only reads the config (`feeds`, `tail`, `deliver`, `opml export`): a `file:` feed
    /// whose path names a directory now is a warning, the feed kept, not the whole config refused.
    public static func loadToRead(path: String) -> Result<(config: DaemonConfig, warnings: [Diagnostic]), Diagnostics> {
        let reading = read(path: path)
        guard let config = reading.config, reading.problems.isEmpty else { return .failure(Diagnostics(reading.problems)) }
        return .success((config, reading.feedFilesNow.map(\.problem)))
    }

    /// `home`: where a PostgreSQL store's TLS looks for libpq's files (`~/.postgresql/`), the home of the
    /// user running wirewatch; a test gives one of its own.
    public static func parse(text: String, path: String, home: String? = LibpqHomeFiles.currentUserHome()) -> Result<DaemonConfig, Diagnostics> {
        read(text: text, path: path, home: home).result
    }

    /// The config as far as it could be read, with every problem found: so
    /// that `check` goes on to the rule files after a mistake in the config.
    struct Reading {
        /// Nil when there is nothing to go on (the file cannot be read, is not YAML, or is empty).
        var config: DaemonConfig?
        var problems: [Diagnostic]
        /// `file:` feeds whose path names a directory now: a mistake for `check` and the daemon's start, but
        /// the state of the disk, which may change while the daemon runs (each poll then says it), for a
        /// command that only reads the config, and for a reload if the feed is already in force.
        var feedFilesNow: [FeedFileNow] = []
        /// Every problem, the feeds' files now with them, in reading order.
        var all: [Diagnostic] { feedFilesNow.isEmpty ? problems : (problems + feedFilesNow.map(\.problem)).inReadingOrder() }
        /// The ids under `sinks`, including those of sinks that have mistakes (and are not in `config`);
        /// nil when a syntax error kept some of them from being read.
        var sinkIDs: Set<String>? = []
        /// A syntax error hid where the analysis data or the rule files are: they are not checked until it parses.
        var rulesUnchecked = false
        /// Where the values of `data` and `rules` are written, for problems
        /// found with the directories they name (nil when left out).
        var dataAt: SourcePosition?
        var rulesAt: SourcePosition?
        /// Where each sink's `path` is written, by sink id.
        var sinkPathsAt: [String: SourcePosition] = [:]
        /// The secret references of `poll.proxy`, the feeds and the sinks that read without a mistake, where they are written.
        var secrets: [WrittenSecret] = []
        /// Where the store's path is written (nil when left out).
        var storeAt: SourcePosition?
        /// Where `admin.listen` is written (nil when left out).
        var adminListenAt: SourcePosition?

        /// A `file:` feed whose path names a directory now: which feed (a reload tells one in force from one
        /// the edit adds or moves) and the problem at its url.
        struct FeedFileNow {
            var feed: FeedID
            var url: String
            var problem: Diagnostic
        }

        var result: Result<DaemonConfig, Diagnostics> {
            if let config, all.isEmpty { return .success(config) }
            return .failure(Diagnostics(all))
        }
    }

    /// The top-level keys, in the order the docs write them.
    static let topLevelKeys = ["store", "data", "rules", "poll", "feeds", "sinks", "daemon", "admin"]

    /// Where a top-level key that is left out is said to be missing, or its default judged: at the key written
    /// nearest to where it belongs in `topLevelKeys` (the one before it when two are as near), rather than
    /// at whichever key the file starts with, which says nothing of it.
    static func nearestKey(to key: String, in top: Node.Mapping?) -> Node? {
        guard let top, let i = topLevelKeys.firstIndex(of: key) else { return nil }
        let written = Dictionary(top.compactMap { k, _ in k.string.map { ($0, k) } }, uniquingKeysWith: { first, _ in first })
        for distance in 1..<topLevelKeys.count {
            for j in [i - distance, i + distance] where topLevelKeys.indices.contains(j) {
                if let node = written[topLevelKeys[j]] { return node }
            }
        }
        return top.firstKeyNode
    }

    static func read(path: String) -> Reading {
        do {
            return read(text: try YAMLFile.text(atPath: path, what: "config file", directoryHint: "give the path of wirewatch.yaml"), path: path)
        } catch {
            return Reading(config: nil, problems: [error])
        }
    }

    /// A path the config writes, as it is read: `~` expanded, a relative one from `base` (the config's directory;
    /// empty: the current directory).
    static func resolve(_ p: String, base: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: base.isEmpty ? "." : base, isDirectory: true)).standardizedFileURL.path
    }

    static func read(text: String, path: String, home: String? = LibpqHomeFiles.currentUserHome()) -> Reading {
        let file: YAMLFile
        var syntaxErrors: [Diagnostic] = []
        // Which sections a syntax error hides what from (nil: text no section can be named for, hiding all).
        func hidesSinks(_ section: String?) -> Bool { section == nil || section == "sinks" }
        func hidesRules(_ section: String?) -> Bool { section == nil || section == "data" || section == "rules" }
        var sinksUnread = false, rulesUnchecked = false
        do { file = try YAMLFile(path: path, text: text) } catch {
            // As in rule files: the sections, feeds and sinks around a syntax error are still checked (the config
            // is refused all the same), so that one run of `check` tells every mistake.
            guard let recovery = YAMLFile.recover(path: path, text: text) else { return Reading(config: nil, problems: [error]) }
            file = recovery.file
            sinksUnread = recovery.errors.contains { hidesSinks($0.section) }
            rulesUnchecked = recovery.errors.contains { hidesRules($0.section) }
            syntaxErrors = recovery.errors.map { section, error in
                var noted = error
                if hidesRules(section) {
                    noted.message += "; until it parses, the rule files are not checked"
                } else if hidesSinks(section) {
                    noted.message += "; until it parses, sinks named elsewhere are not checked"
                }
                return noted
            } + recovery.documentMarkers
        }
        let r = YAMLReader(file)
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { Self.resolve(p, base: base) }
        guard let root = file.root else {
            return Reading(config: nil, problems: [file.diagnostic(nil, "config file is empty: it needs at least 'feeds' and 'sinks'")])
        }
        let top = r.mapping(root, what: "the config", allowed: ["store", "data", "rules", "poll", "feeds", "sinks", "daemon", "admin"])

        let poll = parsePoll(top?["poll"], reader: r, resolve: resolve)

        let (feeds, feedFilesNow, feedSecrets) = parseFeeds(top?["feeds"], reader: r, resolve: resolve)

        let store = parseStore(in: top, reader: r, resolve: resolve, home: home)
        let (sinks, sinkIDs, sinkPathsAt, sinkSecrets) = parseSinks(top?["sinks"], reader: r, resolve: resolve,
                                                                     storePath: store.location.filePath)
        // A misspelt `sinks:` (`sink:`) is said once, as an unknown key: the sinks it holds are unread, not missing,
        // so "needs a 'sinks' list" and every rule naming one of them would be its consequences (trial finding 15).
        if top?["sinks"] == nil, root.mapping?.keys.contains(where: { key in
            key.string.map { name in name != "sinks" && YAMLReader.nearest(name, in: ["sinks"]) != nil } ?? false
        }) == true {
            sinksUnread = true
        }
        // A config that is not a mapping is said to be none; that it has no sinks would be that mistake's consequence.
        if !sinksUnread, let top {
            if top["sinks"] == nil { r.report(nearestKey(to: "sinks", in: top), "the config needs a 'sinks' list: where alerts go (an alert-log, a webhook, …)") }
            checkBrokenAlertSinks(poll, known: sinkIDs, section: top["poll"], reader: r)
        }

        // Left out, `data` is searched for as `analyze` searches for it (AnalysisDataSearch).
        let data = r.string(top, "data", what: "the config")
        let dataSearch = data == nil ? AnalysisDataSearch() : nil
        var config = DaemonConfig(
            path: path,
            store: store.location,
            dataDirectory: data.map(resolve) ?? dataSearch?.found ?? dataSearch?.places.last ?? "/usr/share/wirewatch",
            rulesDirectory: resolve(r.string(top, "rules", what: "the config") ?? "rules.d"),
            poll: poll, feeds: feeds, sinks: sinks)
        config.dataSearch = dataSearch
        config.retention = store.retention
        config.daemon = parseDaemon(top?["daemon"], reader: r)
        config.admin = parseAdmin(top?["admin"], reader: r)
        // A config that is not even a mapping says nothing about the rules: do not check them against defaults.
        guard top != nil else { return Reading(config: nil, problems: (syntaxErrors + r.diagnostics).inReadingOrder()) }
        /// Where the value of `key` is written; where the key belongs when it is left out (its default is judged).
        func position(_ key: String) -> SourcePosition? {
            (top?[key] ?? nearestKey(to: key, in: top))?.mark.map(SourcePosition.init)
        }
        return Reading(config: config, problems: (syntaxErrors + r.diagnostics).inReadingOrder(), feedFilesNow: feedFilesNow,
                       sinkIDs: sinksUnread ? nil : sinkIDs,
                       rulesUnchecked: rulesUnchecked, dataAt: position("data"), rulesAt: position("rules"),
                       sinkPathsAt: sinkPathsAt,
                       secrets: WrittenSecret.written(in: [top?["poll"]?.mapping?["proxy"]], headers: nil, owner: "'poll'") + feedSecrets + sinkSecrets,
                       storeAt: store.at, adminListenAt: top?["admin"]?.mapping?["listen"]?.mark.map(SourcePosition.init))
    }

}
