import Foundation
import WirewatchCore

/// An ntfy notification, published as JSON to the server's root with the
/// topic in the body (JSON, unlike ntfy's header form, carries any Unicode title).
/// The configured URL is the topic's: `https://ntfy.sh/my-topic`.
enum NtfyMessage {
    static func payload(_ alerts: [AlertRecord], topicURL: String) -> WebhookPayload {
        let (root, topic) = split(topicURL)
        var messageLimit = 4000
        while true {
            let body = WebhookJSON.data(message(alerts, topic: topic, messageLimit: messageLimit))
            // ntfy refuses a JSON body over twice its message limit (8,192 bytes by default) with a 413.
            if body.count <= 8192 || messageLimit < 200 { return WebhookPayload(body: body, url: root) }
            messageLimit /= 2
        }
    }

    /// A message over ntfy's limit (4,096 bytes by default) becomes an attachment, or a 400 where
    /// attachments are off (a dead letter at once): texts are cut in bytes, as ntfy counts them.
    static func message(_ alerts: [AlertRecord], topic: String, messageLimit: Int) -> [String: Any] {
        var message: [String: Any] = ["topic": topic, "priority": alerts.map { priority($0.severity) }.max() ?? 3]
        if alerts.count == 1 {
            let r = alerts[0]
            message["title"] = (r.headline.clipped(toUTF8: 1000 - r.editMark.utf8.count) + r.editMark)  // ntfy shows no feed to put it after
            message["message"] = (r.leadEvidence?.snippet.isEmpty == false ? r.leadEvidence!.snippet : r.article.title).clipped(toUTF8: messageLimit)
            message["tags"] = [r.severity.rawValue, r.rule.clipped(toUTF8: 200)]
            if let url = r.article.url?.linkSafe, url.utf8.count <= 2000 { message["click"] = url }
        } else {
            message["title"] = "wirewatch: \(alerts.count) alerts"
            message["message"] = digest(alerts.map { $0.headline.clipped(toUTF8: 300) }, limit: messageLimit)
            message["tags"] = ["digest"]
        }
        return message
    }

    /// The headlines that fit in `limit` bytes, one a line, then how many more there are, as the
    /// other presets say it (the first headline is cut rather than left out).
    static func digest(_ headlines: [String], limit: Int) -> String {
        var shown: [String] = [], used = 0
        for (i, headline) in headlines.enumerated() {
            let rest = headlines.count - i - 1
            let tail = rest > 0 ? "\n…and \(rest) more".utf8.count : 0
            let line = shown.isEmpty ? headline.clipped(toUTF8: limit - tail) : headline
            let cost = (shown.isEmpty ? 0 : 1) + line.utf8.count
            if used + cost + tail > limit { break }
            shown.append(line)
            used += cost
        }
        let more = headlines.count - shown.count
        return shown.joined(separator: "\n") + (more > 0 ? "\n…and \(more) more" : "")
    }

    /// `https://host/prefix/topic` → (`https://host/prefix/`, `topic`); an empty topic when the URL names none.
    /// The query stays: ntfy reads an access token from `?auth=` on any publish, the root's included.
    static func split(_ url: String) -> (root: String, topic: String) {
        guard var c = URLComponents(string: url), let last = c.path.split(separator: "/").last else { return (url, "") }
        let trimmed = c.path.hasSuffix("/") ? String(c.path.dropLast()) : c.path
        c.path = String(trimmed.dropLast(last.count))
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
