import Foundation
import WirewatchCore

/// A Slack incoming-webhook message: a text fallback for notifications and
/// one section block per alert (mrkdwn, with `&`, `<`, `>` escaped as Slack asks).
enum SlackMessage {
    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        var blocks: [[String: Any]] = []
        for r in alerts.prefix(45) {
            let title = r.article.url.map { "<\($0)|\(escape(r.article.title))>" } ?? escape(r.article.title)
            var text = "*[\(r.severity.rawValue.uppercased())] \(escape(r.rule))*  \(title)"
            if let e = r.leadEvidence, !e.snippet.isEmpty { text += "\n>\(escape(e.snippet))" }
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": String(text.prefix(3000))]])
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "\(escape(r.article.feed.rawValue))\(r.editMark) · \(r.timeText)"]]])
        }
        if alerts.count > 45 { blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "…and \(alerts.count - 45) more"]]]) }
        let fallback = alerts.count == 1 ? alerts[0].headline : "wirewatch: \(alerts.count) alerts"
        return WebhookPayload(body: WebhookJSON.data(["text": fallback, "blocks": blocks]))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
