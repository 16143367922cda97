import Foundation
import WirewatchCore

/// A Discord webhook message: one embed per alert (Discord allows ten), and
/// no mentions, so an article that contains "@everyone" pings nobody.
enum DiscordMessage {
    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        let embeds: [[String: Any]] = alerts.prefix(10).map { r in
            var e: [String: Any] = [
                "title": String(r.article.title.prefix(256)),
                "color": color(r.severity),
                "timestamp": r.timeText,
                "fields": [
                    ["name": "Rule", "value": String(r.rule.prefix(1024)), "inline": true],
                    ["name": "Severity", "value": r.severity.rawValue, "inline": true],
                    ["name": "Feed", "value": String(r.article.feed.rawValue.prefix(1000)) + r.editMark, "inline": true],
                ],
            ]
            if let url = r.article.url { e["url"] = url }
            if let ev = r.leadEvidence, !ev.snippet.isEmpty { e["description"] = String(ev.snippet.prefix(4096)) }
            return e
        }
        var content = alerts.count == 1 ? alerts[0].headline : "wirewatch: \(alerts.count) alerts"
        if alerts.count > 10 { content += " (first 10 shown)" }
        return WebhookPayload(body: WebhookJSON.data([
            "content": String(content.prefix(2000)), "embeds": embeds, "allowed_mentions": ["parse": [String]()],
        ]))
    }

    static func color(_ s: Severity) -> Int {
        switch s {
        case .critical: return 0x8B0000
        case .high: return 0xE01E1E
        case .medium: return 0xE8A317
        case .low: return 0x2E86C1
        case .info: return 0x95A5A6
        }
    }
}
