import Foundation
import WirewatchCore

/// A Microsoft Teams message for a Workflows ("Post to a channel when a
/// webhook request is received") webhook: one Adaptive Card.
enum TeamsMessage {
    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        var body: [[String: Any]] = []
        var actions: [[String: Any]] = []
        for r in alerts.prefix(20) {
            body.append(["type": "TextBlock", "text": r.headline, "weight": "Bolder", "wrap": true,
                         "color": r.severity >= .high ? "Attention" : "Default"])
            if let e = r.leadEvidence, !e.snippet.isEmpty { body.append(["type": "TextBlock", "text": e.snippet, "wrap": true]) }
            body.append(["type": "FactSet", "facts": [["title": "Feed", "value": r.article.feed.rawValue + r.editMark],
                                                      ["title": "Time", "value": r.timeText]]])
            if alerts.count == 1, let url = r.article.url { actions.append(["type": "Action.OpenUrl", "title": "Open article", "url": url]) }
        }
        if alerts.count > 20 { body.append(["type": "TextBlock", "text": "…and \(alerts.count - 20) more", "isSubtle": true]) }
        let card: [String: Any] = ["$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
                                   "version": "1.4", "body": body, "actions": actions]
        return WebhookPayload(body: WebhookJSON.data([
            "type": "message",
            "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "content": card]],
        ]))
    }
}
