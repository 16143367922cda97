import Foundation
import WirewatchCore

/// `wirewatch feeds` as text: one aligned row per feed, times relative to now.
public enum FeedStatusTable {
    /// `lateEdits`: `poll.late_edits`, which says whether edits past `max_edits` are judged later at all.
    public static func render(_ rows: [FeedStatus], now: Date, lateEdits: TimeInterval = 3600) -> String {
        // On a shared store, the daemon each feed prefers, before the last (ragged) column.
        let shared = rows.contains { $0.preferredDaemon != nil }
        var header = ["FEED", "LAST FETCH", "RESULT", "NEXT POLL", "INTERVAL", "ERRORS", "ARTICLES", "EDITS"]
        if shared { header.insert("DAEMON", at: header.count - 1) }
        var table = [header]
        var notes: [String] = []
        for r in rows {
            var result = r.lastResult ?? "never polled"
            if r.brokenSince != nil { result += " (BROKEN)" }
            let polling = r.lastResult == FeedStatus.polling
            var row = [
                r.id, r.lastFetch.map { ago($0, now) } ?? "-", result, r.nextPoll.map { until($0, now) } ?? (polling ? "-" : "at start"),
                duration(r.interval) + (r.intervalSource == "learned" ? "*" : ""), "\(r.errorStreak)", "\(r.articlesSeen)",
                "\(r.entriesEdited)" + (r.editsNotJudged > 0 ? " (\(r.editsNotJudged) not judged)" : ""),
            ]
            if shared { row.insert(r.preferredDaemon.map { $0 + (r.preferredHere == true ? " (here)" : "") } ?? "-", at: row.count - 1) }
            table.append(row)
            if let error = r.lastError, r.errorStreak > 0 || r.lastResult == FeedState.salvaged { notes.append("\(r.id): \(error)") }
            if r.editsNotJudged > 0 {
                let later = lateEdits > 0 ? "judged at most once per poll.late_edits" : "never judged: poll.late_edits is 0"
                notes.append("\(r.id): \(r.editsNotJudged) edits past poll.max_edits not judged as they came (\(later); do its entries change on every poll?)")
            }
            if r.lastResult == nil, r.lastFetch == nil, let next = r.nextPoll, next <= now {
                // Due is true of a feed the daemon has; one added to the config since its last reload it does not
                // have yet (review of this session, 10).
                notes.append("\(r.id): never polled; due if the running daemon's config had it at its last start or reload, else at its next reload")
            }
            if let fetched = r.lastFetch, polling, now.timeIntervalSince(fetched) >= pollStuckAfter {
                notes.append("\(r.id): fetched \(ago(fetched, now)) and its poll has not ended, which takes minutes at most: the daemon "
                             + "cannot save it (its log says why: 'the store refuses the daemon's writes'?)")
            } else if let fetched = r.lastFetch, polling {
                notes.append("\(r.id): fetched \(ago(fetched, now)), its entries are being stored and judged; the result and the next poll come when that is done")
            } else if let fetched = r.lastFetch, r.lastResult == FeedStatus.interrupted {
                notes.append("\(r.id): the daemon stopped during the poll that fetched it \(ago(fetched, now)); the next start polls it again and reads the rest")
            }
            if let moved = r.movedTo { notes.append("\(r.id): moved permanently to \(moved)") }
            if let hint = r.serverHint, r.hostPausedUntil == nil, let next = r.nextPoll { notes.append(note(r.id, hint, next)) }
            if let until = r.hostPausedUntil, let host = r.host {
                notes.append("\(r.id): held with every feed of \(host), which asked for a pause (Retry-After) until \(until.formatted(.iso8601))")
            }
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        var out = table.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        if rows.contains(where: { $0.intervalSource == "learned" }) { out.append("* learned from how often the feed publishes") }
        out += notes
        return out.joined(separator: "\n")
    }

    /// A poll still "polling" this long after its fetch is not storing its entries (10,000 new entries are
    /// stored and judged in under a minute): its saves are failing, on a full disk say.
    static let pollStuckAfter: TimeInterval = 15 * 60

    /// Why a feed's next poll lies beyond its interval, and the knob that bounds it.
    static func note(_ id: String, _ hint: FeedStatus.Hint, _ next: Date) -> String {
        let cap = "at most poll.max_interval, \(duration(hint.cap))"
        let why = switch hint.kind {
        case .ttl: "the feed's <ttl>\(whole(hint.seconds / 60))</ttl> (\(cap))"
        case .cache: "the server's Cache-Control/Expires, fresh for \(duration(hint.seconds)) (\(cap))"
        case .skip: "the feed's <skipHours>/<skipDays>"
        }
        return "\(id): next poll put back to \(next.formatted(.iso8601)) by \(why)"
    }

    /// `value` rounded, held within what an Int holds: a feed's `<ttl>9223372036854775807</ttl>` (or a max-age as
    /// large) is kept as the server said it, and converting it crashed `feeds` (exploratory finding).
    static func whole(_ value: Double) -> Int {
        guard value.isFinite else { return value < 0 ? 0 : Int.max }
        return Int(min(max(value.rounded(), -1e18), 1e18))
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = whole(seconds)
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" + (s % 3600 >= 60 ? "\(s % 3600 / 60)m" : "") }
        return "\(s / 86400)d"
    }

    static func ago(_ date: Date, _ now: Date) -> String {
        let d = now.timeIntervalSince(date)
        return d < 1 ? "just now" : duration(d) + " ago"
    }

    static func until(_ date: Date, _ now: Date) -> String {
        let d = date.timeIntervalSince(now)
        return d <= 0 ? "due" : "in " + duration(d)
    }
}
