import Delivery
import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `sinks:` section: where alerts go. Secrets are written as references
/// (`env:NAME`, `credential:NAME`) and read when the daemon starts, never here.
extension ConfigLoader {
    static let sinkTypes = ["alert-log", "webhook", "slack", "discord", "teams", "ntfy"]
    private static let commonKeys = ["id", "type", "retry", "concurrency"]
    private static let logKeys = ["path", "fsync", "rotate"]
    private static let webhookKeys = ["url", "secret", "headers", "timeout", "digest", "template", "template_file", "content_type"]

    /// The sinks that read without a mistake, the id of every sink written
    /// (one with a mistake of its own is still a sink the rules may name), and
    /// where each alert log's `path` is written.
    static func parseSinks(_ section: Node?, reader r: YAMLReader, resolve: (String) -> String, storePath: String? = nil)
        -> (sinks: [SinkConfig], ids: Set<String>, pathsAt: [String: SourcePosition], secrets: [WrittenSecret]) {
        var sinks: [SinkConfig] = []
        var sinkIDs: Set<String> = []
        var pathsAt: [String: SourcePosition] = [:]
        var secrets: [WrittenSecret] = []
        // Two alert-log sinks on one file would write every alert into it twice and rotate it under each other.
        var logPaths: [String: String] = [:]
        // An alert log written over the store (or its -wal, -shm, -journal or lock file) destroys it: a copy-paste
        // slip that check passed and the daemon then wrote alerts into the database (trial finding 28).
        var storeFiles: [String: String] = [:]
        if let storePath {
            let file = FilePlace.resolvingLinks(storePath)
            storeFiles = [file: "file", file + "-wal": "-wal file", file + "-shm": "-shm file", file + "-journal": "-journal file",
                          StoreLock.lockPath(storePath: storePath): "lock file"]
        }
        for node in r.sequence(section, what: "'sinks'") {
            let type = node.mapping?["type"]?.string ?? ""
            let allowed = commonKeys + (type == "alert-log" ? logKeys : sinkTypes.contains(type) ? webhookKeys : logKeys + webhookKeys)
            let m = r.mapping(node, what: "a sink", allowed: allowed)
            guard let id = r.string(m, "id", what: "a sink", required: true) else { continue }
            if !sinkIDs.insert(id).inserted { r.report(m?["id"], "duplicate sink id '\(id)'") }
            _ = r.string(m, "type", what: "sink '\(id)'", required: true)
            let what = "sink '\(id)'"
            var sink: SinkConfig
            switch type {
            case "alert-log":
                guard let p = r.string(m, "path", what: what, required: true) else { continue }
                pathsAt[id] = m?["path"]?.mark.map(SourcePosition.init)
                // Lexically only (NSString.standardizingPath reads a relative link from the working directory).
                let path = URL(fileURLWithPath: resolve(p)).standardizedFileURL.path
                switch FilePlace.obstacle(path) {
                case .isDirectory:
                    r.report(m?["path"], "\(what): \(path) is a directory; 'path' names the alert log file in it, such as \(path)/alerts.jsonl")
                case .blocked(let blocked):
                    r.report(m?["path"], "\(what): the alert log cannot be created: \(blocked)")
                case nil:
                    let file = FilePlace.resolvingLinks(path)
                    if let part = storeFiles[file] {
                        r.report(m?["path"], "\(what): \(file) is the store's \(part); give the alert log a file of its own")
                    } else if let other = logPaths[file] {
                        r.report(m?["path"], "\(what): \(file) is the file of sink '\(other)' too; give each alert-log sink its own file")
                    } else {
                        logPaths[file] = id
                    }
                }
                sink = SinkConfig(id: id, kind: .alertLog(path: resolve(p)), log: parseLogOptions(m, reader: r, what: what))
                if m?["concurrency"] != nil { r.report(m?["concurrency"], "\(what): an alert log is written one line at a time; 'concurrency' applies to webhooks") }
            case "webhook", "slack", "discord", "teams", "ntfy":
                guard let options = parseWebhook(m, type: type, reader: r, what: what, resolve: resolve) else { continue }
                sink = SinkConfig(id: id, kind: .webhook(options))
                secrets += WrittenSecret.written(in: [m?["url"], m?["secret"]], headers: m?["headers"], owner: what)
                sink.delivery = DeliveryWorker.Options(concurrency: r.int(m, "concurrency", what: what, range: 1...64) ?? 4,
                                                       digest: digest(m, reader: r, what: what))
            default:
                if !type.isEmpty {
                    r.report(m?["type"], "\(what): unknown type '\(type)'; expected one of \(sinkTypes.joined(separator: ", "))")
                }
                continue
            }
            sink.retry = parseRetry(m?["retry"], reader: r, what: what)
            sinks.append(sink)
        }
        return (sinks, sinkIDs, pathsAt, secrets)
    }

    private static func parseLogOptions(_ m: Node.Mapping?, reader r: YAMLReader, what: String) -> AlertLogSink.Options {
        var options = AlertLogSink.Options()
        if let f = r.string(m, "fsync", what: what) {
            if let policy = AlertLogSink.FsyncPolicy(rawValue: f) { options.fsync = policy } else {
                r.report(m?["fsync"], "\(what): 'fsync' must be one of \(AlertLogSink.FsyncPolicy.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(f)')")
            }
        }
        if let node = m?["rotate"] {
            let rm = r.mapping(node, what: "'rotate' of \(what)", allowed: ["size", "keep"])
            if let raw = r.string(rm, "size", what: "'rotate' of \(what)", required: true) {
                if let bytes = parseSize(raw), bytes >= 4096 { options.rotateBytes = bytes } else {
                    r.report(rm?["size"], "\(what): rotate 'size' must be a size of at least 4KiB such as 100MiB or 1GiB (got '\(raw)')")
                }
            }
            if let keep = r.int(rm, "keep", what: "'rotate' of \(what)", range: 1...1000) { options.keep = keep }
        }
        return options
    }

    private static func parseWebhook(_ m: Node.Mapping?, type: String, reader r: YAMLReader, what: String,
                                     resolve: (String) -> String) -> WebhookSink.Options? {
        guard let rawURL = r.string(m, "url", what: what, required: true) else { return nil }
        let secret = SecretSource(reference: rawURL)
        let url = secret.map(SecretOrValue.secret) ?? .value(rawURL)
        // A refused url is reported and the rest of the sink read on: stopped there, its literal secret and headers
        // were said only at the next check, once the url was mended (exploratory finding). A config with a problem
        // is refused whole.
        let literal = secret == nil
        if literal, ["slack", "discord", "teams"].contains(type) {
            r.report(m?["url"], "\(what): a \(type) webhook URL is a credential; write it as env:NAME or credential:NAME, not in the config file")
        } else if literal, let problem = feedURLProblem(rawURL) {
            switch problem {
            case .scheme:
                r.report(m?["url"], "\(what): 'url' must start with http:// or https://, or be env:NAME or credential:NAME (got '\(rawURL)')")
            case .unfetchable(let why):
                r.report(m?["url"], "\(what): 'url' \(why) (got '\(rawURL)')")
            case .password:
                r.report(m?["url"], "\(what): the url holds a password, a credential; write the url as env:NAME or credential:NAME")
            case .credentialInQuery(let key):
                // ntfy's ?auth=, a token in the query: the URL is then a credential (webhooks.md).
                r.report(m?["url"], "\(what): the url's '\(key)=' holds a credential; write the url as env:NAME or credential:NAME")
            }
        }
        var options = WebhookSink.Options(url: url)
        if type == "ntfy", case .value(let u) = url, WebhookPreset.ntfyTopic(u).isEmpty {
            r.report(m?["url"], "\(what): an ntfy URL names the topic, e.g. https://ntfy.sh/my-alerts")
        }
        if let raw = r.string(m, "secret", what: what) {
            if let s = SecretSource(reference: raw) { options.secret = s } else {
                r.report(m?["secret"], "\(what): 'secret' must be env:NAME or credential:NAME; a secret is never written in the config file")
            }
        }
        options.headers = parseHeaders(m?["headers"], reader: r, what: what)
        if let t = duration(m, "timeout", what: what, reader: r) { options.timeout = t }
        let contentType = r.string(m, "content_type", what: what) ?? "application/json"
        options.format = .preset(type == "webhook" ? .json : WebhookPreset(rawValue: type) ?? .json)
        let inline = m?["template"], file = m?["template_file"]
        if inline != nil || file != nil {
            guard type == "webhook" else {
                r.report(inline ?? file, "\(what): templates are for type 'webhook'; '\(type)' has its own message format")
                return options
            }
            if inline != nil && file != nil { r.report(file, "\(what): give 'template' or 'template_file', not both") }
            if inline != nil, let source = r.string(m, "template", what: what, required: true) {
                do { options.format = .template(try WebhookTemplate(source: source, contentType: contentType)) } catch {
                    r.report(inline, "\(what): \(error)")
                }
            } else if let rel = r.string(m, "template_file", what: what, required: true) {
                let path = resolve(rel)
                let data: Data
                do { data = try OperatorFile.read(path) } catch {
                    r.report(file, "\(what): template file: \(error)")
                    return options
                }
                do {
                    options.format = .template(try WebhookTemplate(source: String(decoding: data, as: UTF8.self), contentType: contentType))
                } catch {
                    r.report(file, "\(what): \(path):\(error.line):\(error.column): \(error.message)")
                }
            }
        }
        if case .template(let template) = options.format {
            let place = inline == nil ? "\(file.flatMap(\.string).map(resolve) ?? "template file"):" : "template line "
            func at(_ line: Int, _ column: Int) -> String {
                inline == nil ? "\(place)\(line):\(column)" : "\(place)\(line), column \(column)"
            }
            // A digest's top level is no alert (trial2 finding 6): `digest:` given, its names are `alerts`, `count`, `digest`.
            let digest = m?["digest"] != nil
            for unknown in template.unknownNames(digest: digest) {
                if unknown.outsideDigestAlerts {
                    r.report(inline ?? file, "\(what): \(at(unknown.line, unknown.column)): in a digest, '\(unknown.name)' is empty outside "
                             + "{{#alerts}}…{{/alerts}}; the top level of a digest has only alerts, count and digest")
                    continue
                }
                let near = YAMLReader.nearest(unknown.name, in: unknown.inScope).map { "; did you mean '\($0)'?" } ?? ""
                r.report(inline ?? file, "\(what): \(at(unknown.line, unknown.column)): '\(unknown.name)' is no name an alert has, so it would render empty\(near)")
            }
            if let problem = template.sampleProblem(digest: digest) {
                let position = problem.line.map { "\(at($0, problem.column ?? 1)): " } ?? ""
                r.report(inline ?? file, "\(what): \(position)\(problem.message)")
            }
        }
        return options
    }

    /// `digest:`, at least a second: `0s` read as "off" to one operator and "a digest per poll" to another, and
    /// `500ms` batched nothing (trial2 finding 22). Off is written by leaving it out.
    private static func digest(_ m: Node.Mapping?, reader r: YAMLReader, what: String) -> TimeInterval? {
        guard let v = r.duration(m, "digest", what: what) else { return nil }
        guard v >= 1 else {
            r.report(m?["digest"], "\(what): 'digest' must be at least 1s; leave it out to send each alert alone (got '\(m?["digest"]?.string ?? "\(v)")')")
            return nil
        }
        return v
    }

    private static func parseRetry(_ node: Node?, reader r: YAMLReader, what: String) -> RetryPolicy {
        var policy = RetryPolicy()
        guard let node else { return policy }
        let m = r.mapping(node, what: "'retry' of \(what)", allowed: ["initial", "max", "max_age"])
        // Under a second is refused, as for intervals, timeouts and drain_timeout: a retry at once sends to a
        // failing receiver in a loop, and a max_age of 0 dead-letters every delivery at its first failure
        // (trial finding 21); `1ms` did both (trial3 finding 7).
        func atLeastASecond(_ key: String, _ consequence: String) -> TimeInterval? {
            duration(m, key, what: "'retry' of \(what)", because: consequence, reader: r)
        }
        if let v = atLeastASecond("initial", "less would retry a failing receiver in a loop") { policy.base = v }
        if let v = atLeastASecond("max", "less would retry a failing receiver in a loop") {
            // `{ initial: 1h, max: 1s }` passed, and ran as a max of 1h.
            if m?["initial"] != nil, v < policy.base {
                r.report(m?["max"], "'max' in 'retry' of \(what) is less than its 'initial' (\(m?["max"]?.string ?? "\(v)") < \(m?["initial"]?.string ?? "\(policy.base)")): "
                         + "the delay grows from 'initial' up to 'max'")
            }
            policy.cap = max(policy.base, v)
        }
        if let v = atLeastASecond("max_age", "less would dead-letter every delivery at its first failure") { policy.maxAge = v }
        return policy
    }

    /// `4096`, `64KiB`, `100MB`, `1G`: binary units (K, M, G = 1024, 1024², 1024³) whatever the spelling.
    static func parseSize(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20),
                                      ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            // At most 1 PiB: `1e300G` must be refused, not trap converting to Int.
            return Double(s.dropLast(suffix.count).trimmingCharacters(in: .whitespaces))
                .flatMap { $0 >= 0 && $0 * Double(factor) <= Double(1 << 50) ? Int($0 * Double(factor)) : nil }
        }
        return Int(s)
    }
}
