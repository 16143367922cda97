import Analysis
import WirewatchCore
import YAMLFiles
import Yams

/// The raw contents of one rule file, read with positions but not yet compiled.
public struct RuleFile {
    public struct RuleSpec {
        public var id: String
        public var description: String?
        public var query: String
        /// Where the query was written and how it was quoted (nil when the
        /// rule has no query, or one that is not text, which is reported as
        /// read and not parsed), to trace an error inside it to its column.
        public var queryMark: Mark?
        public var queryStyle: Node.Scalar.Style?
        /// When the query is an alias (`query: *q`), what to say of it: its
        /// errors are where the anchored text is, in another rule.
        public var queryAlias: String?
        public var severity: Severity
        public var sinks: [String]
        /// Where each of `sinks` was written.
        public var sinkMarks: [Mark?]
        public var throttle: Throttle
        public var enabled: Bool
        /// Where the rule's entry starts.
        public var mark: Mark?
    }
    public var path: String
    public var entities: [EntityDefinition] = []
    public var topics: [TopicDefinition] = []
    public var rules: [RuleSpec] = []
    /// Where each of `entities` and `topics` is defined, for problems found across files.
    var entityMarks: [Mark?] = []
    /// Where each of `entities` wrote its `type`, nil when it did not.
    var entityTypeMarks: [Mark?] = []
    var topicMarks: [Mark?] = []
    public var diagnostics: [Diagnostic] = []
    /// The file as read, to trace an error inside a query to its exact column.
    /// It is dropped with the file after compiling: freeing its tree before
    /// compiling lowered the peak of loading 100,000 rules (272 -> 172 MB) but
    /// left more resident after (59 -> 89 MB trimmed; a daemon grew to 242 MB
    /// over three reloads against 174) and matching 5-10% slower, as compiled
    /// rules landed among the tree's freed pages.
    public private(set) var yaml: YAMLFile?
    /// Kinds of definition (entities, topics) of which some did not parse:
    /// a rule is not reported for naming an unknown one, which may be there.
    public private(set) var unreadDefinitions: Set<QueryError.Definition> = []

    /// Reads the file's text; syntax and shape problems are collected in `diagnostics`.
    public init(path: String, text: String) {
        self.path = path
        let file: YAMLFile
        do { file = try YAMLFile(path: path, text: text) } catch {
            // The items around a syntax error are still checked: one run of `check` tells every mistake.
            // Else nothing of the file is read, its definitions neither.
            guard let recovery = YAMLFile.recover(path: path, text: text) else { diagnostics = [noteUnread(nil, error)]; return }
            file = recovery.file
            // A key written twice is read as a syntax error is, though the file parses: "until it parses" misled (trial finding).
            diagnostics = recovery.errors.map {
                noteUnread($0.section, $0.diagnostic, until: $0.diagnostic.message.hasPrefix("duplicate key") ? "it is fixed" : "it parses")
            } + recovery.documentMarkers
        }
        read(file)
        yaml = file
    }

    /// A file that cannot be read at all (not UTF-8, permission denied):
    /// `error` says why; what it may define is unknown.
    public init(path: String, unreadable error: Diagnostic) {
        self.path = path
        diagnostics = [noteUnread(nil, error, until: "it can be read")]
    }

    /// The syntax error, saying what it keeps from being checked when it
    /// hides definitions (outside `rules:`, one cannot tell which).
    private mutating func noteUnread(_ section: String?, _ error: Diagnostic, until: String = "it parses") -> Diagnostic {
        let unread: Set<QueryError.Definition> = switch section {
        case "rules": []
        case "entities": [.entity]
        case "topics": [.topic]
        default: [.entity, .topic]
        }
        guard !unread.isEmpty else { return error }
        unreadDefinitions.formUnion(unread)
        var noted = error
        let what = unread.count == 2 ? "entities or topics" : unread.contains(.entity) ? "entities" : "topics"
        noted.message += "; until \(until), rules are not checked for unknown \(what)"
        return noted
    }

    private mutating func read(_ file: YAMLFile) {
        let r = YAMLReader(file)
        guard let root = file.root else { return }
        let top = r.fields(root, what: "a rule file", allowed: ["entities", "topics", "rules"])
        for node in r.sequence(top?["entities"], what: "'entities'") {
            let m = r.fields(node, what: "an entity", allowed: ["name", "type", "aliases"])
            guard let name = r.string(m, "name", what: "an entity", required: true) else { continue }
            let typeRaw = r.string(m, "type", what: "entity '\(name)'") ?? "MISC"
            let type = EntityType(rawValue: typeRaw.uppercased())
            if type == nil { r.report(m?["type"], "entity '\(name)': type must be PERSON, ORG, LOC or MISC (got '\(typeRaw)')") }
            // Still defined (the file is refused anyway), so rules that name it are not reported as well.
            // A name or alias without words is never recognised, and would say nothing about it.
            if !name.isEmpty, Tokenizer.words(name).isEmpty { r.report(m?["name"], "entity '\(name)': " + TopicDefinition.noWords("name '\(name)'")) }
            // A name that is a common word or one letter, or written with a wildcard, would be found where it
            // names nothing (trial4 finding 35), as a topic's `h*` is refused.
            if let problem = NameBreadth.problem(name, what: "name '\(name)'") { r.report(m?["name"], "entity '\(name)': " + problem) }
            for alias in r.items(m, "aliases") {
                guard let text = alias.string else { continue }
                if Tokenizer.words(text).isEmpty {
                    r.report(alias, "entity '\(name)': " + TopicDefinition.noWords("alias '\(text)'"))
                } else if let problem = NameBreadth.problem(text, what: "alias '\(text)'") {
                    r.report(alias, "entity '\(name)': " + problem)
                }
            }
            entities.append(EntityDefinition(name: name, type: type ?? .misc, aliases: r.strings(m, "aliases", what: "entity '\(name)'")))
            entityMarks.append(node.mark)
            entityTypeMarks.append(m?["type"]?.mark)
        }
        for (topic, mark) in TopicDefinition.list(r, top?["topics"]) {
            topics.append(topic)
            topicMarks.append(mark)
        }
        for node in r.sequence(top?["rules"], what: "'rules'") {
            let m = r.fields(node, what: "a rule", allowed: ["id", "description", "query", "severity", "sinks", "throttle", "enabled"])
            guard let id = r.string(m, "id", what: "a rule", required: true), !id.isEmpty else { continue }
            // A present but empty query is reported by the query parser, with the rest of its errors.
            let query = r.string(m, "query", what: "rule '\(id)'", required: m?["query"] == nil) ?? ""
            var severity = Severity.medium
            if let raw = r.string(m, "severity", what: "rule '\(id)'") {
                if let s = Severity(rawValue: raw.lowercased()) { severity = s } else {
                    let near = YAMLReader.nearest(raw, in: Severity.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                    r.report(m?["severity"], "rule '\(id)': severity must be one of info, low, medium, high, critical (got '\(raw)')\(near)")
                }
            }
            var throttle = Throttle()
            if case .scalar(let t)? = m?["throttle"] {
                r.report(m?["throttle"], "rule '\(id)': throttle must be a mapping, as in 'throttle: { per: story, window: 6h }' (got '\(t.string)')")
            } else if let t = m?["throttle"] {
                let tm = r.fields(t, what: "throttle of rule '\(id)'", allowed: ["per", "window"])
                if let per = r.string(tm, "per", what: "throttle of rule '\(id)'") {
                    if let k = Throttle.Key(rawValue: per) { throttle.per = k } else {
                        r.report(tm?["per"], "rule '\(id)': throttle 'per' must be story, article or rule (got '\(per)')")
                    }
                }
                // Left out, a rule alerts once per key, ever; `0s` read as that to one operator and as "no
                // throttling" to another (trial2 finding 22), and `500ms` throttled nothing an operator could see.
                if let v = r.duration(tm, "window", what: "throttle of rule '\(id)'") {
                    if v >= 1 { throttle.window = v } else {
                        r.report(tm?["window"], "rule '\(id)': throttle 'window' must be at least 1s; leave it out for one alert per \(throttle.per.rawValue), ever (got '\(tm?["window"]?.string ?? "\(v)")')")
                    }
                }
            }
            let sinkNodes = r.sequence(m?["sinks"], what: "'sinks' of rule '\(id)'")
            // An empty list would mean every sink, the opposite of what it looks like.
            if case .sequence(let s)? = m?["sinks"], s.isEmpty {
                r.report(m?["sinks"], "rule '\(id)': 'sinks: []' names no sink; leave 'sinks' out to alert every sink, or write 'enabled: false' to stop the rule")
            }
            let queryNode = m?["query"]
            var queryStyle: Node.Scalar.Style?
            if case .scalar(let s)? = queryNode { queryStyle = s.style }
            var queryAlias: String?
            // An anchor comes before its aliases: a query marked before its own key is an alias.
            if let valueMark = queryNode?.mark, let key = m?.mapping.first(where: { $0.key.string == "query" })?.key.mark,
               (valueMark.line, valueMark.column) < (key.line, key.column) {
                queryAlias = file.alias(afterKey: key).map { "its query is the alias *\($0.name) at line \($0.at.line), column \($0.at.column)" }
                    ?? "its query is an alias of this one"
            }
            rules.append(RuleSpec(id: id, description: r.string(m, "description", what: "rule '\(id)'"), query: query,
                                  queryMark: queryNode?.mark, queryStyle: queryStyle, queryAlias: queryAlias,
                                  severity: severity, sinks: sinkNodes.compactMap(\.string), sinkMarks: sinkNodes.map(\.mark), throttle: throttle,
                                  enabled: r.bool(m, "enabled", what: "rule '\(id)'") ?? true, mark: node.mark))
        }
        diagnostics += r.diagnostics
    }
}
