import Foundation
import WirewatchCore

/// A Microsoft Teams message for a Workflows ("Post to a channel when a
/// webhook request is received") webhook: one Adaptive Card.
/// The workflow answers 202 as soon as it has the request and posts later; a card over Teams'
/// message limit (about 28 KB) is then not posted, and nobody hears of it. So texts are cut and a
/// digest shows the alerts that fit in 24 KB (at most 20) and says how many more.
enum TeamsMessage {
    static let budget = 24 * 1024

    static func payload(_ alerts: [AlertRecord]) -> WebhookPayload {
        var body: [[String: Any]] = []
        var actions: [[String: Any]] = []
        var used = 0, shown = 0
        for r in alerts.prefix(20) {
            let headline = r.headline.clipped(toUTF16: 1000)
            let snippet = r.leadEvidence.flatMap { $0.snippet.isEmpty ? nil : $0.snippet.clipped(toUTF16: 1000) }
            let feed = (r.article.feed.rawValue + r.editMark).clipped(toUTF16: 200)
            // The JSON around these texts is about 300 bytes; escapes can double a text's bytes.
            // Only a single alert's card links its article: a digest's carries no URL to count.
            let url = alerts.count == 1 ? r.article.url?.linkSafe : nil
            let size = 300 + 2 * (headline.utf8.count + (snippet?.utf8.count ?? 0) + feed.utf8.count) + (url?.utf8.count ?? 0)
            if shown > 0, used + size > budget { break }
            used += size
            shown += 1
            body.append(["type": "TextBlock", "text": headline, "weight": "Bolder", "wrap": true,
                         "color": r.severity >= .high ? "Attention" : "Default"])
            if let snippet { body.append(["type": "TextBlock", "text": snippet, "wrap": true]) }
            body.append(["type": "FactSet", "facts": [["title": "Feed", "value": feed],
                                                      ["title": "Time", "value": r.timeText]]])
            if let url { actions.append(["type": "Action.OpenUrl", "title": "Open article", "url": url]) }
        }
        if alerts.count > shown { body.append(["type": "TextBlock", "text": "…and \(alerts.count - shown) more", "isSubtle": true]) }
        let card: [String: Any] = ["$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
                                   "version": "1.4", "body": body, "actions": actions]
        return WebhookPayload(body: WebhookJSON.data([
            "type": "message",
            "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "content": card]],
        ]))
    }
}
