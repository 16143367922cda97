import Foundation

/// `wirewatch store daemons` as text: one aligned row per daemon in the roll call, times relative to now.
public enum DaemonRollTable {
    public static func render(_ rows: [DaemonRollStatus], now: Date) -> String {
        guard !rows.isEmpty else { return "no daemon in the roll call: none runs on this database, or none has since the last graceful stop" }
        let header = ["DAEMON", "HOST", "PID", "STARTED", "LAST HEARD", "LIVE", "PREFERRED FEEDS"]
        let table = [header] + rows.map { r in
            [r.owner + (r.here ? " (here)" : ""), r.host ?? "-", r.pid.map { "\($0)" } ?? "-", FeedStatusTable.ago(r.started, now),
             FeedStatusTable.ago(r.heard, now), r.live ? "yes" : "no", r.live ? "\(r.preferredFeeds)" : "-"]
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
