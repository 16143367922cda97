import Foundation
import WirewatchCore

/// A Slack incoming-webhook message: a text fallback for notifications and
/// a section and a context block per alert (mrkdwn, with `&`, `<`, `>` escaped as Slack asks).
/// Slack refuses a message of more than 50 blocks, or a block text over 3,000 characters,
/// with a 400 (`invalid_blocks`): a dead letter at once, so a digest shows at most 24 alerts
/// and says how many more, and every text is cut to fit before it is assembled (a link cut
/// short would swallow the rest of the text).
enum SlackMessage {
    static let shownAlerts = 24

    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        var blocks: [[String: Any]] = []
        for r in alerts.prefix(shownAlerts) {
            let title = escape(r.article.title, limit: 1200)
            // A URL long enough to crowd out the title is left out rather than cut.
            let link = r.article.url.flatMap(\.linkSafe).map(escape).flatMap { $0.utf16.count <= 1000 ? "<\($0)|\(title)>" : nil } ?? title
            var text = "*[\(r.severity.rawValue.uppercased())] \(escape(r.rule, limit: 200))*  \(link)"
            if let e = r.leadEvidence, !e.snippet.isEmpty { text += "\n>\(escape(e.snippet, limit: 500))" }
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": text]])
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "\(escape(r.article.feed.rawValue, limit: 200))\(r.editMark) · \(r.timeText)"]]])
        }
        if alerts.count > shownAlerts {
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "…and \(alerts.count - shownAlerts) more"]]])
        }
        // Slack reads the notification text as mrkdwn too: unescaped, an article's `<!channel>` would ping it.
        let fallback = alerts.count == 1 ? escape(alerts[0].headline, limit: 3000) : "wirewatch: \(alerts.count) alerts"
        return WebhookPayload(body: WebhookJSON.data(["text": fallback, "blocks": blocks]))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `s` escaped, at most `limit` UTF-16 units, cut between characters (never inside an `&amp;`).
    static func escape(_ s: String, limit: Int) -> String {
        s.clipped(toUTF16: limit, rewriting: escape)
    }
}
