import Foundation
import WirewatchCore

/// A Discord webhook message: one embed per alert (Discord allows ten, and 6,000 characters
/// in all of them), and no mentions, so an article that contains "@everyone" pings nobody.
/// Texts are cut to Discord's limits (`clipped`): over one, the message is refused with a 400.
enum DiscordMessage {
    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        var embeds: [[String: Any]] = []
        var used = 0
        for r in alerts.prefix(10) {
            let title = r.article.title.clipped(toUTF16: 256)
            let fields: [(String, String)] = [("Rule", r.rule.clipped(toUTF16: 200)), ("Severity", r.severity.rawValue),
                                              ("Feed", (r.article.feed.rawValue + r.editMark).clipped(toUTF16: 200))]
            let description = r.leadEvidence.flatMap { $0.snippet.isEmpty ? nil : $0.snippet.clipped(toUTF16: 1000) }
            // Discord refuses (400) a message whose embeds hold more than 6,000 characters in all.
            let size = title.utf16.count + (description?.utf16.count ?? 0) + fields.reduce(0) { $0 + $1.0.utf16.count + $1.1.utf16.count }
            if used + size > 6000 { break }
            used += size
            var e: [String: Any] = [
                "title": title,
                "color": color(r.severity),
                "timestamp": r.timeText,
                "fields": fields.map { ["name": $0.0, "value": $0.1, "inline": true] },
            ]
            if let url = r.article.url?.linkSafe { e["url"] = url }
            if let description { e["description"] = description }
            embeds.append(e)
        }
        var content = alerts.count == 1 ? alerts[0].headline : "wirewatch: \(alerts.count) alerts"
        if alerts.count > embeds.count { content = content.clipped(toUTF16: 1900) + " (first \(embeds.count) shown)" }
        return WebhookPayload(body: WebhookJSON.data([
            "content": content.clipped(toUTF16: 2000), "embeds": embeds, "allowed_mentions": ["parse": [String]()],
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
