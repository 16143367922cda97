import Foundation
import WirewatchCore

/// One request's worth of a webhook: the body, its type, and any headers the
/// receiving service wants (ntfy reads its title from the body, Slack and
/// Discord from JSON fields).
public struct WebhookPayload: Sendable, Hashable {
    public var body: Data
    public var contentType: String
    /// Where to send it when the service wants another URL than the configured one (ntfy's JSON endpoint).
    public var url: String?

    public init(body: Data, contentType: String = "application/json", url: String? = nil) {
        self.body = body; self.contentType = contentType; self.url = url
    }
}

/// The built-in message shapes.
public enum WebhookPreset: String, Sendable, Hashable, CaseIterable {
    /// The alert record itself (a digest: `{"alerts": [...], "digest": KEY, "v": 1}`).
    case json
    case slack, discord, teams, ntfy

    public func payload(_ alerts: [AlertRecord], digest: String?, url: String) -> WebhookPayload {
        switch self {
        case .json:
            if digest == nil, alerts.count == 1, let line = try? alerts[0].jsonLine() { return WebhookPayload(body: line) }
            let records = alerts.compactMap { try? JSONSerialization.jsonObject(with: $0.jsonLine()) }
            return WebhookPayload(body: WebhookJSON.data(["v": AlertRecord.schemaVersion, "digest": digest ?? "", "alerts": records]))
        case .slack: return SlackMessage.payload(alerts)
        case .discord: return DiscordMessage.payload(alerts)
        case .teams: return TeamsMessage.payload(alerts)
        case .ntfy: return NtfyMessage.payload(alerts, topicURL: url)
        }
    }
}
