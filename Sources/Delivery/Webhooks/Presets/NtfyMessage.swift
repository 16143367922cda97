import Foundation
import WirewatchCore

/// An ntfy notification, published as JSON to the server's root with the
/// topic in the body (JSON, unlike ntfy's header form, carries any Unicode title).
/// The configured URL is the topic's: `https://ntfy.sh/my-topic`.
enum NtfyMessage {
    static func payload(_ alerts: [AlertRecord], topicURL: String) -> WebhookPayload {
        let (root, topic) = split(topicURL)
        var message: [String: Any] = ["topic": topic, "priority": alerts.map { priority($0.severity) }.max() ?? 3]
        if alerts.count == 1 {
            let r = alerts[0]
            message["title"] = r.headline + r.editMark  // ntfy shows no feed to put it after
            message["message"] = r.leadEvidence?.snippet.isEmpty == false ? r.leadEvidence!.snippet : r.article.title
            message["tags"] = [r.severity.rawValue, r.rule]
            if let url = r.article.url { message["click"] = url }
        } else {
            message["title"] = "wirewatch: \(alerts.count) alerts"
            message["message"] = alerts.map(\.headline).joined(separator: "\n")
            message["tags"] = ["digest"]
        }
        return WebhookPayload(body: WebhookJSON.data(message), url: root)
    }

    /// `https://host/prefix/topic` → (`https://host/prefix/`, `topic`); an empty topic when the URL names none.
    static func split(_ url: String) -> (root: String, topic: String) {
        guard var c = URLComponents(string: url), let last = c.path.split(separator: "/").last else { return (url, "") }
        let trimmed = c.path.hasSuffix("/") ? String(c.path.dropLast()) : c.path
        c.path = String(trimmed.dropLast(last.count))
        c.query = nil
        return (c.string ?? url, String(last))
    }

    /// ntfy's 1 (min) … 5 (max).
    static func priority(_ s: Severity) -> Int {
        switch s {
        case .info, .low: return 2
        case .medium: return 3
        case .high: return 4
        case .critical: return 5
        }
    }
}

extension WebhookPreset {
    /// The topic an ntfy URL names (empty when it names none).
    public static func ntfyTopic(_ url: String) -> String { NtfyMessage.split(url).topic }
}
