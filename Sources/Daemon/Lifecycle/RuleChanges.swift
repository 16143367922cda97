import Rules

/// What a reload changed in the rules, for its log line: the ids added,
/// removed and edited, so an operator sees that an edit was taken.
struct RuleChanges: Equatable {
    var added: [String] = []
    var removed: [String] = []
    var edited: [String] = []
    /// Rules switched off or on (`enabled:`), said as such: "edited" alone did not tell that a rule stopped alerting.
    var disabled: [String] = []
    var enabled: [String] = []

    init(from old: [WatchRule], to new: [WatchRule]) {
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.map(\.id))
        for r in new {
            guard var o = before[r.id] else { added.append(r.id); continue }
            if o.enabled != r.enabled { r.enabled ? enabled.append(r.id) : disabled.append(r.id) }
            // A rule moved to another line or file is not edited: every other field counts.
            o.file = r.file
            o.line = r.line
            o.enabled = r.enabled
            if o != r { edited.append(r.id) }
        }
        removed = old.map(\.id).filter { !after.contains($0) }
    }

    /// Ids in a reload's log (rules here, feeds in the scheduler's): at most five and a count of the rest.
    static func list(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ",") + (ids.count > 5 ? ",+\(ids.count - 5) more" : "")
    }

    /// Log metadata: each non-empty list.
    var metadata: [String: String] {
        var m: [String: String] = [:]
        if !added.isEmpty { m["added"] = Self.list(added) }
        if !removed.isEmpty { m["removed"] = Self.list(removed) }
        if !edited.isEmpty { m["edited"] = Self.list(edited) }
        if !disabled.isEmpty { m["disabled"] = Self.list(disabled) }
        if !enabled.isEmpty { m["enabled"] = Self.list(enabled) }
        return m
    }
}
