import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `poll:` section: how often, how politely, and when a feed counts as broken.
extension ConfigLoader {
    static let pollKeys = ["interval", "timeout", "concurrency", "min_interval", "max_interval", "adaptive", "jitter",
                           "max_backoff", "max_retry_after", "broken_after", "broken_alert", "max_size", "per_host", "proxy", "proxy_ca", "max_entries",
                           "max_edits", "late_edits", "backlog"]

    static func parsePoll(_ section: Node?, reader r: YAMLReader, resolve: (String) -> String) -> DaemonConfig.PollDefaults {
        var poll = DaemonConfig.PollDefaults()
        guard let section else { return poll }
        let m = r.mapping(section, what: "'poll'", allowed: pollKeys)
        if let v = duration(m, "interval", what: "'poll'", reader: r) { poll.interval = v }
        if let v = duration(m, "timeout", what: "'poll'", reader: r) { poll.timeout = v }
        if let v = r.int(m, "concurrency", what: "'poll'", range: 1...10_000) { poll.concurrency = v }
        if let v = duration(m, "min_interval", what: "'poll'", reader: r) { poll.minInterval = v }
        if let v = duration(m, "max_interval", what: "'poll'", reader: r) { poll.maxInterval = v }
        if poll.minInterval > poll.maxInterval {
            r.report(m?["min_interval"] ?? m?["max_interval"], "'min_interval' in 'poll' must not exceed 'max_interval'")
        }
        if let v = r.bool(m, "adaptive", what: "'poll'") { poll.adaptive = v }
        if let node = m?["jitter"], let raw = r.string(m, "jitter", what: "'poll'") {
            if let v = fraction(raw), (0...0.5).contains(v) { poll.jitter = v } else {
                r.report(node, "'jitter' in 'poll' must be a fraction between 0 and 0.5, such as 0.1 or 10% (got '\(raw)')")
            }
        }
        // `0s` meant no backoff at all, and a `Retry-After` that lasts no time: a server that asked for a pause
        // was polled again at once (review-configside finding 5).
        if let v = duration(m, "max_backoff", what: "'poll'", reader: r) { poll.maxBackoff = v }
        if let v = duration(m, "max_retry_after", what: "'poll'", reader: r) { poll.maxRetryAfter = v }
        if let v = r.int(m, "broken_after", what: "'poll'", range: 1...1_000_000) { poll.brokenAfter = v }
        if let v = parseMaxSize(m, reader: r, what: "'poll'") { poll.maxBytes = v }
        if let v = r.int(m, "per_host", what: "'poll'", range: 1...1000) { poll.perHost = v }
        // `none`, as a feed says it: every feed goes direct, whatever the `*_proxy` environment variables say
        // (libcurl reads an empty proxy so; trial2 finding 2 refused it with a message that offered it).
        if let raw = r.string(m, "proxy", what: "'poll'") {
            poll.proxy = raw == "none" ? .value("") : parseProxy(raw, node: m?["proxy"], reader: r, what: "'poll'")
        }
        if let raw = r.string(m, "proxy_ca", what: "'poll'") { poll.proxyCAFile = resolve(raw) }
        if let v = r.int(m, "max_entries", what: "'poll'", range: 1...1_000_000) { poll.maxEntries = v }
        if let v = r.int(m, "max_edits", what: "'poll'", range: 0...1000) { poll.maxEdits = v }
        // Under a second (`1ms`), a feed whose entries change on every poll is judged on every poll again, unbounded.
        if let v = r.duration(m, "late_edits", what: "'poll'") {
            if v == 0 || v >= 1 { poll.lateEdits = v } else {
                r.report(m?["late_edits"], "'late_edits' in 'poll' must be 0 (edits past max_edits never judged) or at least 1s (got '\(m?["late_edits"]?.string ?? "\(v)")')")
            }
        } else if poll.maxEdits == 0 && m?["max_edits"] != nil {
            // `max_edits: 0` judged each entry once before late edits came: written so, it keeps meaning that
            // (review of schedule, finding 4), unless `late_edits` is written too.
            poll.lateEdits = 0
        }
        if let v = backlog(m, what: "'poll'", reader: r) { poll.backlog = v }
        if let node = m?["broken_alert"] {
            let a = r.mapping(node, what: "'broken_alert' in 'poll'", allowed: ["severity", "sinks"])
            var alert = DaemonConfig.BrokenFeedAlert(severity: .medium, sinks: r.strings(a, "sinks", what: "'broken_alert'"))
            if let raw = r.string(a, "severity", what: "'broken_alert'") {
                if let s = Severity(rawValue: raw.lowercased()) { alert.severity = s } else {
                    r.report(a?["severity"], "'severity' in 'broken_alert' must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(raw)')")
                }
            }
            poll.brokenAlert = alert
        }
        return poll
    }

    /// `backlog: alert | skip`, of `poll` or of a feed.
    static func backlog(_ m: Node.Mapping?, what: String, reader r: YAMLReader) -> Backlog? {
        guard let raw = r.string(m, "backlog", what: what) else { return nil }
        guard let v = Backlog(rawValue: raw.lowercased()) else {
            r.report(m?["backlog"], "'backlog' in \(what) must be alert or skip (got '\(raw)')")
            return nil
        }
        return v
    }

    /// "0.1" or "10%".
    private static func fraction(_ raw: String) -> Double? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("%") { return Double(s.dropLast()).map { $0 / 100 } }
        return Double(s)
    }

    /// A broken-feed alert may only name configured sinks.
    /// `known`: every sink id written, one with a mistake of its own too (reported where it is).
    static func checkBrokenAlertSinks(_ poll: DaemonConfig.PollDefaults, known: Set<String>, section: Node?, reader r: YAMLReader) {
        guard let alert = poll.brokenAlert else { return }
        let node = section?.mapping?["broken_alert"]?.mapping?["sinks"]
        for name in alert.sinks where !known.contains(name) {
            r.report(node, "'broken_alert' names unknown sink '\(name)' (configured sinks: \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))")
        }
    }
}
